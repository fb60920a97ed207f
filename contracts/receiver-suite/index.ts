// The receiver contract suite: what `os1-mock verify` runs, as a library. Re-exported by the
// package's index, so every name says what it belongs to.
export type {
  CaseDefinition as ReceiverContractCase,
  CaseId as ReceiverContractCaseId,
  CaseLevel as ReceiverContractLevel,
} from './catalogue.js';
export { CASES as RECEIVER_CONTRACT_CASES } from './catalogue.js';
export type {
  CaseResult as ReceiverContractCaseResult,
  CaseStatus as ReceiverContractCaseStatus,
  ReceiverContractReport,
} from './report.js';
export { meetsContract as meetsReceiverContract } from './report.js';
export type { ReceiverContractOptions } from './run-receiver-contract.js';
export { ReceiverContractOptionsError, runReceiverContract } from './run-receiver-contract.js';
export type { ContractExpectation, TestRunnerApi } from './test-helpers.js';
export {
  describeReceiverContract,
  expectReceiverToPassContract,
  ReceiverContractError,
} from './test-helpers.js';
