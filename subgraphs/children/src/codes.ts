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
