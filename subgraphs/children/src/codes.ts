import { registerEnumType } from 'type-graphql';
import { codeEnum } from '@caregraph/kit';
import * as C from '@caregraph/schema';

export const Sex = codeEnum(C.SEX, 'Sex', 'Sex as recorded in SSDA903 from 2024/25.');
export const Ethnicity = codeEnum(C.ETHNICITY, 'Ethnicity', 'DfE ethnicity code (SSDA903 ETHNIC).');
export const UpnUnknown = codeEnum(C.UPN_UNKNOWN, 'UpnUnknownReason', 'Why a child has no UPN (UN1-UN5).');
export const LegalStatus = codeEnum(C.LEGAL_STATUS, 'LegalStatus', 'SSDA903 legal status (LS).');
export const AllocationRole = codeEnum(C.ALLOCATION_ROLE, 'AllocationRole', 'The professional relationship an allocation records.');
export const Relationship = codeEnum(C.RELATIONSHIP, 'Relationship', 'How a person is related to the child.');
export const CaseNoteCategory = codeEnum(C.CASE_NOTE_CATEGORY, 'CaseNoteCategory', 'What kind of work a case note records.');
export const MissingType = codeEnum(C.MISSING_TYPE, 'MissingType', 'SSDA903 MISSING: missing (M) or away without authorisation (A).');
export const InTouch = codeEnum(C.IN_TOUCH, 'InTouch', 'SSDA903 OC3 IN_TOUCH: whether the local authority is in touch with the care leaver.');

/** OC3 lists whose "not known" is stored as `0`, which GraphQL cannot spell: the enum value `NOT_KNOWN` stands for it. */
function oc3Enum(list: C.CodeList, name: string, description: string) {
  const values = Object.fromEntries(Object.keys(list).map((k) => [k, C.OC3_STORED(k)]));
  registerEnumType(values, { name, description, valuesConfig: Object.fromEntries(Object.entries(list).map(([k, d]) => [k, { description: d }])) });
  return values;
}
export const CareLeaverActivity = oc3Enum(C.CARE_LEAVER_ACTIVITY, 'CareLeaverActivity', 'SSDA903 OC3 ACTIV: the care leaver’s main activity (education, employment or training).');
export const CareLeaverAccommodation = oc3Enum(C.CARE_LEAVER_ACCOMMODATION, 'CareLeaverAccommodation', 'SSDA903 OC3 ACCOM: the kind of accommodation and whether it is suitable (1) or not (2).');
