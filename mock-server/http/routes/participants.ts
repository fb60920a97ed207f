import Router from '@koa/router';
import { v4 as uuidv4 } from 'uuid';
import type { MockCore } from '../../core.js';
import { batchCallbackData, markBatchFailed } from '../../domain/batches.js';
import type { BatchRecord, TenantData } from '../../domain/store.js';
import { participantTypeFrom, typeHooksKey } from '../../domain/store.js';
import { os1Error } from '../../errors.js';
import type {
  AttributesConfigRequest,
  Participant,
  ParticipantBatchRequest,
  ParticipantCreateRequest,
  ParticipantType,
  ParticipantTypeCreateRequest,
  ParticipantUpdateRequest,
  StateEventRequest,
  TypeHooks,
} from '../../generated/contracts.js';
import { assertUsableHooks } from '../../hooks/hook-definition.js';
import { findProblem } from '../../validation/validator.js';
import type { AppContext, AppState } from '../context.js';
import { respondData } from '../envelope.js';
import { applyStateEvent, mergeAttributes, setTypeHooks, typeObjectKey } from './object-helpers.js';
import type { ListedObject } from './shared.js';
import {
  acceptOperation,
  callerOf,
  existsOrPending,
  listParams,
  ownAddressOf,
  pageOf,
  validBody,
} from './shared.js';

const SERVICE = 'Participant' as const;

/** What participant and participant type lists hold: sortKey and select name their fields. */
const PARTICIPANTS: ListedObject = { schema: 'participant.json', noun: 'participant' };
const PARTICIPANT_TYPES: ListedObject = {
  schema: 'participant-type.json',
  noun: 'participant type',
};

/** OS1's Participant service under /core/api/v2/participants. */
export function participantRoutes(core: MockCore): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/core/api/v2/participants' });
  const tenantOf = (ctx: AppContext) => core.store.tenant(callerOf(ctx).tenantId);

  const typeOf = (ctx: AppContext, plural: string): ParticipantType => {
    const type = tenantOf(ctx).participantTypes.get(plural);
    if (!type) {
      throw os1Error(
        'PARTICIPANT_TYPE_NOT_FOUND',
        `Participant type "${plural}" does not exist for tenant ${callerOf(ctx).tenantId}. Create it with POST /core/api/v2/participants/participant-types (or use a seeded type: ${[...tenantOf(ctx).participantTypes.keys()].join(', ')}).`,
        { participantType: plural },
      );
    }
    return type;
  };

  const participantOf = (ctx: AppContext, type: ParticipantType, id: string): Participant => {
    const participant = tenantOf(ctx).participants.get(id);
    if (!participant || participant.participantType !== type.name.plural) {
      throw os1Error('PARTICIPANT_NOT_FOUND', `No ${type.name.singular} has id ${id}.`, { id });
    }
    return participant;
  };

  const requirePresent = (ctx: AppContext, type: ParticipantType, id: string): void => {
    const stored = tenantOf(ctx).participants.get(id)?.participantType === type.name.plural;
    if (!existsOrPending(ctx, core, stored, id)) participantOf(ctx, type, id);
  };

  const hooksOf = (ctx: AppContext, type: ParticipantType) =>
    tenantOf(ctx).typeHooks.get(typeHooksKey('participant-type', type.name.plural));

  router.post('/participant-types', async (ctx) => {
    const body = validBody<ParticipantTypeCreateRequest>(ctx, 'participant-type-create.json');
    const tenant = tenantOf(ctx);
    const plural = body.name.plural;
    if (plural.toLowerCase() === 'participant-types') {
      // The path /participant-types/... belongs to the type endpoints: such a type could hold nothing.
      throw os1Error(
        'VALIDATION_FAILED',
        `Invalid request body: name.plural "${plural}" is reserved for the type endpoints; choose another plural.`,
        { field: 'name.plural', rule: 'reserved', schema: 'participant-type-create.json' },
      );
    }
    if (tenant.participantTypes.has(plural)) {
      throw os1Error('PARTICIPANT_TYPE_EXISTS', `Participant type "${plural}" already exists.`, {
        participantType: plural,
      });
    }
    assertUsableHooks(body.hooks ?? {}, core.config.callbacks.requireHttps, 'hooks', () =>
      ownAddressOf(ctx),
    );
    await acceptOperation(ctx, core, plural, {
      service: SERVICE,
      eventType: 'participant-type.created',
      objectKey: typeObjectKey('participant-type', callerOf(ctx).tenantId, plural),
      typeFields: { participantType: plural },
      callback: body.callback,
      process(now) {
        if (tenant.participantTypes.has(plural)) {
          return {
            status: 'failed',
            reason: `participant type "${plural}" already exists`,
            data: { id: plural },
          };
        }
        const type = participantTypeFrom(body, now);
        tenant.participantTypes.set(plural, type);
        if (body.hooks) setTypeHooks(tenant, typeHooksKey('participant-type', plural), body.hooks);
        return { status: 'success', data: { id: plural, ...type } };
      },
    });
  });

  router.get('/participant-types', (ctx) => {
    const { items, total } = pageOf(
      tenantOf(ctx).participantTypes.values(),
      listParams(ctx, PARTICIPANT_TYPES),
    );
    respondData(ctx, { participantTypes: items, meta: { totalElements: total } });
  });

  router.get('/participant-types/:plural', (ctx) => {
    respondData(ctx, typeOf(ctx, ctx.params.plural));
  });

  router.put('/participant-types/:plural/config/attributes', async (ctx) => {
    const type = typeOf(ctx, ctx.params.plural);
    const body = validBody<AttributesConfigRequest>(ctx, 'attributes-config.json');
    const plural = type.name.plural;
    await acceptOperation(ctx, core, plural, {
      service: SERVICE,
      eventType: 'participant-type.attributes-updated',
      objectKey: typeObjectKey('participant-type', callerOf(ctx).tenantId, plural),
      typeFields: { participantType: plural },
      callback: body.callback,
      process(now) {
        type.attributes = mergeAttributes(type.attributes, body.attributes);
        type.updatedAt = now;
        return { status: 'success', data: { id: plural, attributes: type.attributes } };
      },
    });
  });

  // Not in OS1's public docs: sets the hooks OS1 lets a type carry. Synchronous, answers them.
  router.put('/participant-types/:plural/config/hooks', (ctx) => {
    const type = typeOf(ctx, ctx.params.plural);
    const hooks = validBody<TypeHooks>(ctx, 'type-hooks.json');
    assertUsableHooks(hooks, core.config.callbacks.requireHttps, '', () => ownAddressOf(ctx));
    setTypeHooks(tenantOf(ctx), typeHooksKey('participant-type', type.name.plural), hooks);
    respondData(ctx, { id: type.name.plural, hooks });
  });

  router.post('/:plural/batch', async (ctx) => {
    const type = typeOf(ctx, ctx.params.plural);
    const body = validBody<ParticipantBatchRequest>(ctx, 'participant-batch.json');
    const tenant = tenantOf(ctx);
    const caller = callerOf(ctx);
    const batchId = `batch:${uuidv4()}`;
    const batch: BatchRecord = {
      id: batchId,
      service: SERVICE,
      type: type.name.plural,
      status: 'accepted',
      total: body.payload.length,
      success: [],
      errors: [],
      createdAt: core.clock.now(),
      updatedAt: core.clock.now(),
    };
    await acceptOperation(ctx, core, batchId, {
      service: SERVICE,
      eventType: 'participant.batch-completed',
      objectKey: batchId,
      typeFields: { participantType: type.name.plural },
      callback: body.callback,
      skipped: (failure, now) => markBatchFailed(batch, failure.reason, now),
      process(now) {
        body.payload.forEach((item, index) => {
          const refID = typeof item.refID === 'string' ? item.refID : String(index);
          const problem = findProblem('participant-create.json', item);
          if (problem) {
            batch.errors.push({ refID, reason: `${problem.field} ${problem.message}` });
            return;
          }
          const result = createParticipant(
            tenant,
            type,
            item as ParticipantCreateRequest,
            caller.userId,
            now,
          );
          if (typeof result === 'string') batch.errors.push({ refID, reason: result });
          else batch.success.push({ refID, id: result.id });
        });
        batch.status = 'completed';
        batch.updatedAt = now;
        return { status: 'success', data: batchCallbackData(batch) };
      },
    });
    // Recorded only once accepted: a refused request (a callback URL breaking a rule) leaves no batch.
    tenant.batches.set(batchId, batch);
  });

  router.post('/:plural', (ctx) => {
    const type = typeOf(ctx, ctx.params.plural);
    const body = validBody<ParticipantCreateRequest>(ctx, 'participant-create.json');
    const tenant = tenantOf(ctx);
    const caller = callerOf(ctx);
    const id = `${type.name.singular}:${uuidv4()}`;
    return acceptOperation(ctx, core, id, {
      service: SERVICE,
      eventType: 'participant.created',
      objectKey: id,
      typeFields: { participantType: type.name.plural },
      callback: body.callback,
      hooked: {
        body,
        schema: 'participant-create.json',
        operation: 'create',
        typeHooks: hooksOf(ctx, type),
      },
      process(now, request) {
        const result = createParticipant(tenant, type, request, caller.userId, now, id);
        return typeof result === 'string'
          ? { status: 'failed', reason: result, data: { id } }
          : { status: 'success', data: { ...result } };
      },
    });
  });

  router.get('/:plural', (ctx) => {
    const type = typeOf(ctx, ctx.params.plural);
    const all = [...tenantOf(ctx).participants.values()].filter(
      (participant) => participant.participantType === type.name.plural,
    );
    const { items, total } = pageOf(all, listParams(ctx, PARTICIPANTS));
    respondData(ctx, { participants: items, meta: { totalElements: total } });
  });

  router.get('/:plural/:id', (ctx) => {
    respondData(ctx, participantOf(ctx, typeOf(ctx, ctx.params.plural), ctx.params.id));
  });

  router.put('/:plural/:id', (ctx) => {
    const type = typeOf(ctx, ctx.params.plural);
    const id = ctx.params.id;
    requirePresent(ctx, type, id);
    const body = validBody<ParticipantUpdateRequest>(ctx, 'participant-update.json');
    const tenant = tenantOf(ctx);
    const caller = callerOf(ctx);
    return acceptOperation(ctx, core, id, {
      service: SERVICE,
      eventType: 'participant.updated',
      objectKey: id,
      typeFields: { participantType: type.name.plural },
      callback: body.callback,
      hooked: {
        body,
        schema: 'participant-update.json',
        operation: 'update',
        typeHooks: hooksOf(ctx, type),
      },
      process(now, request) {
        const participant = storedOf(tenant, type, id);
        if (!participant) return { status: 'failed', reason: missing(type, id), data: { id } };
        participant.properties = { ...participant.properties, ...request.properties };
        if (request.name !== undefined) participant.name = request.name;
        if (request.owner !== undefined) participant.owner = request.owner;
        participant.updatedAt = now;
        participant.updatedBy = caller.userId;
        return { status: 'success', data: { ...participant } };
      },
    });
  });

  router.put('/:plural/:id/state/event', (ctx) => {
    const type = typeOf(ctx, ctx.params.plural);
    const id = ctx.params.id;
    requirePresent(ctx, type, id);
    const body = validBody<StateEventRequest>(ctx, 'state-event.json');
    const tenant = tenantOf(ctx);
    const caller = callerOf(ctx);
    return acceptOperation(ctx, core, id, {
      service: SERVICE,
      eventType: 'participant.state-changed',
      objectKey: id,
      typeFields: { participantType: type.name.plural },
      callback: body.callback,
      hooked: {
        body,
        schema: 'state-event.json',
        operation: 'apply_event',
        typeHooks: hooksOf(ctx, type),
      },
      process: (now, request) =>
        applyStateEvent(
          {
            id,
            object: storedOf(tenant, type, id),
            missingReason: missing(type, id),
            machine: core.config.stateMachines.participant,
          },
          request,
          caller.userId,
          now,
        ),
    });
  });

  return router;

  function createParticipant(
    tenant: TenantData,
    type: ParticipantType,
    request: ParticipantCreateRequest,
    userId: string,
    now: number,
    id = `${type.name.singular}:${uuidv4()}`,
  ): Participant | string {
    // Checked when processed: a create accepted but not processed yet holds no code.
    const holder = tenant.participantCodes.holder(type.name.plural, request.uniqueCode);
    if (holder !== undefined) {
      return `a ${type.name.singular} with uniqueCode "${request.uniqueCode}" already exists (${holder})`;
    }
    const participant: Participant = {
      id,
      uniqueCode: request.uniqueCode,
      ...(request.name === undefined ? {} : { name: request.name }),
      owner: request.owner,
      participantType: type.name.plural,
      ...(request.category === undefined ? {} : { category: request.category }),
      ...(request.subCategory === undefined ? {} : { subCategory: request.subCategory }),
      properties: { ...request.properties },
      state: core.config.stateMachines.participant.initialState,
      createdAt: now,
      updatedAt: now,
      createdBy: userId,
      updatedBy: userId,
    };
    tenant.participants.set(id, participant);
    tenant.participantCodes.claim(type.name.plural, request.uniqueCode, id);
    return participant;
  }
}

/** The stored participant of this type (an id can be pending under another type's path). */
function storedOf(tenant: TenantData, type: ParticipantType, id: string): Participant | undefined {
  const participant = tenant.participants.get(id);
  return participant?.participantType === type.name.plural ? participant : undefined;
}

const missing = (type: ParticipantType, id: string) => `no ${type.name.singular} has id ${id}`;
