import { codeEnum } from '@caregraph/kit';
import * as C from '@caregraph/schema';

export const PlacementType = codeEnum(C.PLACEMENT_TYPE, 'PlacementType', 'SSDA903 placement type (PLACE; PL in the XML return).');
export const PlacementProvider = codeEnum(C.PLACEMENT_PROVIDER, 'PlacementProvider', 'SSDA903 placement provider (PLACE_PROVIDER).');
export const ReasonNewEpisode = codeEnum(C.REASON_NEW_EPISODE, 'ReasonNewEpisode', 'SSDA903 reason for new episode (RNE).');
export const ReasonEpisodeCeased = codeEnum(C.REASON_EPISODE_CEASED, 'ReasonEpisodeCeased', 'SSDA903 reason episode ceased (REC).');
export const ReasonPlacementChange = codeEnum(C.REASON_PLACEMENT_CHANGE, 'ReasonPlacementChange', 'SSDA903 reason for placement change (REASON_PLACE_CHANGE).');
// Same name, description and list as the children subgraph's enum, so composition merges the two.
export const LegalStatus = codeEnum(C.LEGAL_STATUS, 'LegalStatus', 'SSDA903 legal status (LS).');
export const CategoryOfNeed = codeEnum(C.CATEGORY_OF_NEED, 'CategoryOfNeed', 'SSDA903 category of need (CIN).');
export const CarerKind = codeEnum(C.CARER_KIND, 'CarerKind', 'Whether a carer is a fostering household or a children’s home.');

export type PlacementTypeCode = keyof typeof PlacementType;
export type PlacementProviderCode = keyof typeof PlacementProvider;
export type ReasonNewEpisodeCode = keyof typeof ReasonNewEpisode;
export type ReasonEpisodeCeasedCode = keyof typeof ReasonEpisodeCeased;
export type ReasonPlacementChangeCode = keyof typeof ReasonPlacementChange;
export type LegalStatusCode = keyof typeof LegalStatus;
export type CategoryOfNeedCode = keyof typeof CategoryOfNeed;
export type CarerKindCode = keyof typeof CarerKind;
