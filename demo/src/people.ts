import { Rng } from './rng.js';

/** The demo local authority (Hillingdon's code; any English LA code works). */
export const DEMO_LA = 'E09000017';

const GIVEN_F = ['Amara', 'Bethany', 'Chloe', 'Daisy', 'Ellie', 'Freya', 'Grace', 'Hannah', 'Isla', 'Jade', 'Keira', 'Leah', 'Maya', 'Nadia', 'Olivia', 'Priya', 'Ruby', 'Sofia', 'Tia', 'Zara'];
const GIVEN_M = ['Aaron', 'Ben', 'Callum', 'Dylan', 'Ethan', 'Finley', 'George', 'Harvey', 'Isaac', 'Jayden', 'Kai', 'Liam', 'Mason', 'Noah', 'Oscar', 'Reuben', 'Sam', 'Tyler', 'Yusuf', 'Zac'];
const FAMILY = ['Adeyemi', 'Baker', 'Campbell', 'Davies', 'Evans', 'Fletcher', 'Green', 'Hughes', 'Iqbal', 'Jones', 'Khan', 'Lewis', 'Morris', 'Nowak', "O'Brien", 'Patel', 'Roberts', 'Smith', 'Taylor', 'Walker', 'Wright', 'Young'];
const STREETS = ['Acacia Avenue', 'Bridge Street', 'Church Lane', 'Elm Grove', 'High Street', 'Mill Road', 'Park View', 'Station Road', 'The Crescent', 'Victoria Road'];
const SCHOOL_NAMES = ['Brookfield', 'Cedars', 'Hillside', 'Kingsway', 'Meadowbank', 'Oakwood', 'Riverside', 'St Mary’s', 'Westfield', 'Willow Park'];
const TOWNS = [['Uxbridge', 'UB8'], ['Hayes', 'UB3'], ['Ruislip', 'HA4'], ['Northwood', 'HA6'], ['Slough', 'SL1'], ['Watford', 'WD17'], ['Reading', 'RG1'], ['Luton', 'LU1']] as const;

export const givenName = (rng: Rng, sex: 'M' | 'F') => rng.pick(sex === 'F' ? GIVEN_F : GIVEN_M);
export const familyName = (rng: Rng) => rng.pick(FAMILY);
export const fullName = (rng: Rng) => `${givenName(rng, rng.chance(0.5) ? 'F' : 'M')} ${familyName(rng)}`;

export function address(rng: Rng): { line: string; postcode: string } {
  const [town, district] = rng.pick(TOWNS);
  const letters = 'ABDEFGHJLNPQRSTUWXYZ';
  const postcode = `${district} ${rng.int(1, 9)}${letters[rng.int(0, 19)]}${letters[rng.int(0, 19)]}`;
  return { line: `${rng.int(1, 180)} ${rng.pick(STREETS)}, ${town}`, postcode };
}

export interface Worker { id: string; name: string; teamId: string }
export interface Carer { id: string; name: string; kind: 'FOSTER' | 'RESIDENTIAL' }
export interface School { urn: string; name: string }

function people<T>(count: number, seed: string, make: (rng: Rng, i: number) => T): T[] {
  return Array.from({ length: count }, (_, i) => make(Rng.for(seed, i), i));
}

/** Social workers: ids `sw-001`..., in teams `team-a`...; a token with `--sub sw-001` sees their caseload. */
export const SOCIAL_WORKERS: Worker[] = people(40, 'sw', (rng, i) => ({
  id: `sw-${String(i + 1).padStart(3, '0')}`, name: fullName(rng), teamId: `team-${'abcdefgh'[i % 8]}`,
}));
export const IROS: Worker[] = people(10, 'iro', (rng, i) => ({ id: `iro-${String(i + 1).padStart(3, '0')}`, name: fullName(rng), teamId: 'iro-service' }));
export const PERSONAL_ADVISERS: Worker[] = people(12, 'pa', (rng, i) => ({ id: `pa-${String(i + 1).padStart(3, '0')}`, name: fullName(rng), teamId: 'leaving-care' }));
export const CARERS: Carer[] = people(120, 'carer', (rng, i) => ({
  id: `carer-${String(i + 1).padStart(3, '0')}`,
  name: i % 6 === 5 ? `${rng.pick(STREETS).split(' ')[0]} House children’s home` : `${fullName(rng)} and family`,
  kind: i % 6 === 5 ? 'RESIDENTIAL' : 'FOSTER',
}));
export const SCHOOLS: School[] = people(60, 'school', (rng, i) => ({
  urn: String(100000 + i * 137 + rng.int(0, 99)),
  name: `${rng.pick(SCHOOL_NAMES)} ${i % 3 === 0 ? 'Primary School' : i % 3 === 1 ? 'Academy' : 'High School'}`,
}));
