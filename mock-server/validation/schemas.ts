import adminClockAdvance from '../../contracts/schemas/admin-clock-advance.json' with {
  type: 'json',
};
import adminDelivery from '../../contracts/schemas/admin-delivery.json' with { type: 'json' };
import adminHookCall from '../../contracts/schemas/admin-hook-call.json' with { type: 'json' };
import adminTenantSecret from '../../contracts/schemas/admin-tenant-secret.json' with {
  type: 'json',
};
import adminVerifyRequest from '../../contracts/schemas/admin-verify-request.json' with {
  type: 'json',
};
import attributesConfig from '../../contracts/schemas/attributes-config.json' with { type: 'json' };
import authTokenRequest from '../../contracts/schemas/auth-token-request.json' with {
  type: 'json',
};
import callbackPayload from '../../contracts/schemas/callback-payload.json' with { type: 'json' };
import common from '../../contracts/schemas/common.json' with { type: 'json' };
import config from '../../contracts/schemas/config.json' with { type: 'json' };
import container from '../../contracts/schemas/container.json' with { type: 'json' };
import containerBatch from '../../contracts/schemas/container-batch.json' with { type: 'json' };
import containerCreate from '../../contracts/schemas/container-create.json' with { type: 'json' };
import containerType from '../../contracts/schemas/container-type.json' with { type: 'json' };
import containerTypeCreate from '../../contracts/schemas/container-type-create.json' with {
  type: 'json',
};
import containerUpdate from '../../contracts/schemas/container-update.json' with { type: 'json' };
import containerize from '../../contracts/schemas/containerize.json' with { type: 'json' };
import entity from '../../contracts/schemas/entity.json' with { type: 'json' };
import entityCreate from '../../contracts/schemas/entity-create.json' with { type: 'json' };
import entityQuery from '../../contracts/schemas/entity-query.json' with { type: 'json' };
import entityUpdate from '../../contracts/schemas/entity-update.json' with { type: 'json' };
import participant from '../../contracts/schemas/participant.json' with { type: 'json' };
import participantBatch from '../../contracts/schemas/participant-batch.json' with { type: 'json' };
import participantCreate from '../../contracts/schemas/participant-create.json' with {
  type: 'json',
};
import participantType from '../../contracts/schemas/participant-type.json' with { type: 'json' };
import participantTypeCreate from '../../contracts/schemas/participant-type-create.json' with {
  type: 'json',
};
import participantUpdate from '../../contracts/schemas/participant-update.json' with {
  type: 'json',
};
import scenarioPreset from '../../contracts/schemas/scenario-preset.json' with { type: 'json' };
import scenarioRule from '../../contracts/schemas/scenario-rule.json' with { type: 'json' };
import stateEvent from '../../contracts/schemas/state-event.json' with { type: 'json' };
import stateMachineConfig from '../../contracts/schemas/state-machine-config.json' with {
  type: 'json',
};
import typeHooks from '../../contracts/schemas/type-hooks.json' with { type: 'json' };

/** Every schema in contracts/schemas, so one ajv instance can resolve refs between them. */
export const ALL_SCHEMAS = [
  adminClockAdvance,
  adminDelivery,
  adminHookCall,
  adminTenantSecret,
  adminVerifyRequest,
  attributesConfig,
  authTokenRequest,
  callbackPayload,
  common,
  config,
  container,
  containerBatch,
  containerCreate,
  containerType,
  containerTypeCreate,
  containerUpdate,
  containerize,
  entity,
  entityCreate,
  entityQuery,
  entityUpdate,
  participant,
  participantBatch,
  participantCreate,
  participantType,
  participantTypeCreate,
  participantUpdate,
  scenarioPreset,
  scenarioRule,
  stateEvent,
  stateMachineConfig,
  typeHooks,
] as const;

/** The schema ids ($id) that request bodies and other documents are checked against. */
export type SchemaId = (typeof ALL_SCHEMAS)[number]['$id'];
