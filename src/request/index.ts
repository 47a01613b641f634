/** The request side: prepare a release in the product repository and open its publish request. */
export { runRequest, branchExistsError, type RequestEnvironment, type RequestResult } from './run.js';
export { parseRequestInputs, requestInputsSchema, envReader, InputError, VERSION_KEYWORDS, type EnvReader, type RequestInputs } from './inputs.js';
export { findBlockers, formatBlockers, blockedError, countBlockers, BLOCKERS_LISTED, type Blockers } from './blockers.js';
export { lookupTitle, publishRequestIssue, updateRequestIssue, refuseSquats, squatError, type TitleLookup, type IssueOutcome, type PublishIssueInput } from './request-issue.js';
export { prepareRelease, type PrepareInput, type PreparedRelease } from './prepare.js';
export { renderSummary, type SummaryInput } from './summary.js';
