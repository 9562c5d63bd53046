import { codeEnum } from '@caregraph/kit';
import * as C from '@caregraph/schema';

export const SdqReason = codeEnum(C.SDQ_REASON, 'SdqReason', 'SSDA903 OC2 SDQ_REASON: why no SDQ score was recorded (SDQ1-SDQ5).');
export const HealthAssessmentKind = codeEnum(C.HEALTH_ASSESSMENT_KIND, 'HealthAssessmentKind', 'Initial or review statutory health assessment.');
export const HealthProfessionalRole = codeEnum(C.HEALTH_PROFESSIONAL_ROLE, 'HealthProfessionalRole', 'The kind of registered professional who carried out a health assessment.');
export const Vaccine = codeEnum(C.VACCINE, 'Vaccine', 'A vaccine of the UK childhood immunisation schedule.');
export const HealthConditionCategory = codeEnum(C.HEALTH_CONDITION_CATEGORY, 'HealthConditionCategory', 'Broad category of a diagnosed health condition.');
export const AllergySeverity = codeEnum(C.ALLERGY_SEVERITY, 'AllergySeverity', 'How severe a reaction to an allergen is.');
