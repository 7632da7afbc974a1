// The CDK app (cdk.json: `npx tsx infra/app.ts`): npm run synth | deploy | destroy.
import { createVmbotApp } from './vmbot-app';

createVmbotApp().app.synth();
