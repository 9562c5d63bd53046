import { codeEnum } from '@caregraph/kit';
import * as C from '@caregraph/schema';

export const SenProvision = codeEnum(C.SEN_PROVISION, 'SenProvision', 'School census SEN provision: none (N), SEN support (K) or an EHC plan (E).');
export const ExclusionCategory = codeEnum(C.EXCLUSION_CATEGORY, 'ExclusionCategory', 'School census exclusion category: permanent, suspension or lunchtime suspension.');
export const ExclusionReason = codeEnum(C.EXCLUSION_REASON, 'ExclusionReason', 'School census reason for a suspension or permanent exclusion.');
export const EnrolStatus = codeEnum(C.ENROL_STATUS, 'EnrolStatus', 'School census enrolment status (single or dual registration, guest).');
export const SchoolTerm = codeEnum(C.SCHOOL_TERM, 'SchoolTerm', 'A term of the English school year.');
export const SenNeed = codeEnum(C.SEN_NEED, 'SenNeed', 'School census SEN type of need.');
