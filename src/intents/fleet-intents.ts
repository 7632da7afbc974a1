/**
 * The hooks of the intents that read or change the fleet, in one module: the route table loads
 * it on the first event that asks for one of them (see routes.ts), so the Lambda's cold start
 * loads neither them nor the engine they plan with before an event needs them.
 */
export { createVmDialog, createVmFulfill } from './create-vm';
export { endMaintenanceDialog, endMaintenanceFulfill } from './end-maintenance';
export { evacuateHostDialog, evacuateHostFulfill } from './evacuate-host';
export { listHostsDialog, listHostsFulfill } from './list-hosts';
export { migrateVmDialog, migrateVmFulfill } from './migrate-vm';
export { migrationReportDialog, migrationReportFulfill, offerReport } from './migration-report';
export { recommendHostDialog, recommendHostFulfill } from './recommend-host';
export { whereIsVmDialog, whereIsVmFulfill } from './where-is-vm';
