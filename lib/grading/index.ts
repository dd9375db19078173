export { gradeLead, type GradeReason, type GradeResult } from './grade';
