import Router from '@koa/router';
import { v4 as uuidv4 } from 'uuid';
import type { MockCore } from '../../core.js';
import { batchCallbackData, markBatchFailed } from '../../domain/batches.js';
import { checkStateMachine, transition } from '../../domain/state-machine.js';
import type { BatchRecord, TenantData } from '../../domain/store.js';
import { containerTypeFrom, typeHooksKey } from '../../domain/store.js';
import { os1Error } from '../../errors.js';
import type {
  AttributesConfigRequest,
  Container,
  ContainerBatchRequest,
  ContainerCreateRequest,
  ContainerizeRequest,
  ContainerType,
  ContainerTypeCreateRequest,
  ContainerUpdateRequest,
  StateEventRequest,
  StateMachineConfigRequest,
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

const SERVICE = 'Container' as const;

/** What container and container type lists hold: sortKey and select name their fields. */
const CONTAINERS: ListedObject = { schema: 'container.json', noun: 'container' };
const CONTAINER_TYPES: ListedObject = { schema: 'container-type.json', noun: 'container type' };
const MAX_PROPAGATION = 10_000;

/** OS1's Container service under /core/api/v2/containers. */
export function containerRoutes(core: MockCore): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/core/api/v2/containers' });
  const tenantOf = (ctx: AppContext) => core.store.tenant(callerOf(ctx).tenantId);

  const typeOf = (ctx: AppContext, name: string): ContainerType => {
    const type = tenantOf(ctx).containerTypes.get(name);
    if (!type) {
      throw os1Error(
        'CONTAINER_TYPE_NOT_FOUND',
        `Container type "${name}" does not exist for tenant ${callerOf(ctx).tenantId}. Create it with POST /core/api/v2/containers/container-types (seeded types: ${[...tenantOf(ctx).containerTypes.keys()].join(', ')}).`,
        { containerType: name },
      );
    }
    return type;
  };

  const containerOf = (ctx: AppContext, type: ContainerType, id: string): Container => {
    const container = tenantOf(ctx).containers.get(id);
    if (!container || container.containerType !== type.name) {
      throw os1Error('CONTAINER_NOT_FOUND', `No ${type.name} container has id ${id}.`, { id });
    }
    return container;
  };

  const requirePresent = (ctx: AppContext, type: ContainerType, id: string): void => {
    const stored = tenantOf(ctx).containers.get(id)?.containerType === type.name;
    if (!existsOrPending(ctx, core, stored, id)) containerOf(ctx, type, id);
  };

  const hooksOf = (ctx: AppContext, type: ContainerType) =>
    tenantOf(ctx).typeHooks.get(typeHooksKey('container-type', type.name));

  // Container types. Registered before /:containerType routes so "container-types" is not a type.
  router.post('/container-types', async (ctx) => {
    const body = validBody<ContainerTypeCreateRequest>(ctx, 'container-type-create.json');
    const tenant = tenantOf(ctx);
    if (tenant.containerTypes.has(body.name)) {
      throw os1Error('CONTAINER_TYPE_EXISTS', `Container type "${body.name}" already exists.`, {
        containerType: body.name,
      });
    }
    assertUsableHooks(body.hooks ?? {}, core.config.callbacks.requireHttps, 'hooks', () =>
      ownAddressOf(ctx),
    );
    await acceptOperation(ctx, core, body.name, {
      service: SERVICE,
      eventType: 'container-type.created',
      objectKey: typeObjectKey('container-type', callerOf(ctx).tenantId, body.name),
      typeFields: { containerType: body.name },
      callback: body.callback,
      process(now) {
        if (tenant.containerTypes.has(body.name)) {
          return {
            status: 'failed',
            reason: `container type "${body.name}" already exists`,
            data: { id: body.name },
          };
        }
        const type = containerTypeFrom(
          body,
          structuredClone(core.config.stateMachines.container),
          now,
        );
        tenant.containerTypes.set(body.name, type);
        if (body.hooks) setTypeHooks(tenant, typeHooksKey('container-type', body.name), body.hooks);
        return { status: 'success', data: { id: body.name, ...type } };
      },
    });
  });

  router.get('/container-types', (ctx) => {
    const { items, total } = pageOf(
      tenantOf(ctx).containerTypes.values(),
      listParams(ctx, CONTAINER_TYPES),
    );
    respondData(ctx, { containerTypes: items, meta: { totalElements: total } });
  });

  router.get('/container-types/:name', (ctx) => {
    respondData(ctx, typeOf(ctx, ctx.params.name));
  });

  router.put('/container-types/:name/config/attributes', async (ctx) => {
    const type = typeOf(ctx, ctx.params.name);
    const body = validBody<AttributesConfigRequest>(ctx, 'attributes-config.json');
    await acceptOperation(ctx, core, type.name, {
      service: SERVICE,
      eventType: 'container-type.attributes-updated',
      objectKey: typeObjectKey('container-type', callerOf(ctx).tenantId, type.name),
      typeFields: { containerType: type.name },
      callback: body.callback,
      process(now) {
        type.attributes = mergeAttributes(type.attributes, body.attributes);
        type.updatedAt = now;
        return { status: 'success', data: { id: type.name, attributes: type.attributes } };
      },
    });
  });

  // Not in OS1's public docs: sets the hooks OS1 lets a type carry. Synchronous, answers them.
  router.put('/container-types/:name/config/hooks', (ctx) => {
    const type = typeOf(ctx, ctx.params.name);
    const hooks = validBody<TypeHooks>(ctx, 'type-hooks.json');
    assertUsableHooks(hooks, core.config.callbacks.requireHttps, '', () => ownAddressOf(ctx));
    setTypeHooks(tenantOf(ctx), typeHooksKey('container-type', type.name), hooks);
    respondData(ctx, { id: type.name, hooks });
  });

  router.put('/container-types/:name/config/state-machine', async (ctx) => {
    const type = typeOf(ctx, ctx.params.name);
    const body = validBody<StateMachineConfigRequest>(ctx, 'state-machine-config.json');
    // Only the machine's own fields: the type's stateMachine allows no others (config.json).
    const { callback, initialState, states, transitions } = body;
    const machine = { initialState, states, transitions };
    const problems = checkStateMachine(machine);
    if (problems.length > 0) {
      throw os1Error('VALIDATION_FAILED', `Invalid state machine: ${problems.join('; ')}.`, {
        field: 'states',
        rule: 'state-machine',
      });
    }
    await acceptOperation(ctx, core, type.name, {
      service: SERVICE,
      eventType: 'container-type.state-machine-updated',
      objectKey: typeObjectKey('container-type', callerOf(ctx).tenantId, type.name),
      typeFields: { containerType: type.name },
      callback,
      process(now) {
        type.stateMachine = machine;
        type.updatedAt = now;
        return { status: 'success', data: { id: type.name, stateMachine: machine } };
      },
    });
  });

  // (De)containerize: PUT /{containerId}/child. Container ids hold a colon, type names never do,
  // so /{type}/{id} requests pass through to the update route below.
  router.put('/:containerId/child', async (ctx, next) => {
    const childId = ctx.params.containerId;
    if (!childId.includes(':')) return next();
    const tenant = tenantOf(ctx);
    if (!existsOrPending(ctx, core, tenant.containers.has(childId), childId)) {
      throw os1Error('CONTAINER_NOT_FOUND', `No container has id ${childId}.`, { id: childId });
    }
    const body = validBody<ContainerizeRequest>(ctx, 'containerize.json');
    const caller = callerOf(ctx);
    const containerize = body.action === 'CONTAINERIZE';
    await acceptOperation(ctx, core, childId, {
      service: SERVICE,
      eventType: containerize ? 'container.containerized' : 'container.decontainerized',
      objectKey: childId,
      typeFields: { containerType: childId.split(':')[0] ?? '' },
      callback: body.callback,
      process(now) {
        const reason = containerize
          ? attachChild(tenant, childId, body.parentId)
          : detachChild(tenant, childId, body.parentId);
        const child = tenant.containers.get(childId);
        if (reason !== null || !child) {
          return {
            status: 'failed',
            reason: reason ?? `container ${childId} does not exist`,
            data: { id: childId, parentId: body.parentId },
          };
        }
        child.updatedAt = now;
        child.updatedBy = caller.userId;
        return { status: 'success', data: { ...child } };
      },
    });
  });

  router.get('/:containerType/filter', (ctx) => {
    const type = typeOf(ctx, ctx.params.containerType);
    const all = [...tenantOf(ctx).containers.values()].filter((c) => c.containerType === type.name);
    const { items, total } = pageOf(all, listParams(ctx, CONTAINERS));
    respondData(ctx, { meta: { totalElements: total }, containers: items });
  });

  router.get('/:containerType/batch/status', (ctx) => {
    typeOf(ctx, ctx.params.containerType);
    const raw = ctx.query.batchId ?? ctx.query.id;
    const batchId = Array.isArray(raw) ? raw[0] : raw;
    if (!batchId) {
      throw os1Error(
        'INVALID_QUERY',
        'Pass the batch id from the 202 answer as ?batchId=batch:<uuid>.',
        {
          parameter: 'batchId',
        },
      );
    }
    const batch = tenantOf(ctx).batches.get(batchId);
    if (!batch || batch.service !== SERVICE || batch.type !== ctx.params.containerType) {
      throw os1Error('BATCH_NOT_FOUND', `No ${ctx.params.containerType} batch has id ${batchId}.`, {
        id: batchId,
      });
    }
    respondData(ctx, {
      ...batchCallbackData(batch),
      status: batch.status,
      ...(batch.reason === undefined ? {} : { reason: batch.reason }),
    });
  });

  const acceptBatch = async (ctx: AppContext, mode: 'create' | 'update') => {
    const type = typeOf(ctx, ctx.params.containerType);
    const body = validBody<ContainerBatchRequest>(ctx, 'container-batch.json');
    const tenant = tenantOf(ctx);
    const caller = callerOf(ctx);
    const now = core.clock.now();
    const batch: BatchRecord = {
      id: `batch:${uuidv4()}`,
      service: SERVICE,
      type: type.name,
      status: 'accepted',
      total: body.payload.length,
      success: [],
      errors: [],
      createdAt: now,
      updatedAt: now,
    };
    await acceptOperation(ctx, core, batch.id, {
      service: SERVICE,
      eventType: 'container.batch-completed',
      objectKey: batch.id,
      typeFields: { containerType: type.name },
      callback: body.callback,
      skipped: (failure, at) => markBatchFailed(batch, failure.reason, at),
      process(at) {
        body.payload.forEach((item, index) => {
          const refID = typeof item.refID === 'string' ? item.refID : String(index);
          const id = typeof item.id === 'string' ? item.id : null;
          const { id: _id, ...fields } = item;
          const problem = findProblem(
            mode === 'create' ? 'container-create.json' : 'container-update.json',
            fields,
          );
          if (problem) {
            batch.errors.push({ refID, reason: `${problem.field} ${problem.message}` });
          } else if (mode === 'create') {
            const container = newContainer(
              type,
              fields as ContainerCreateRequest,
              caller.userId,
              at,
            );
            tenant.containers.set(container.id, container);
            batch.success.push({ refID, id: container.id });
          } else {
            const container = id === null ? undefined : tenant.containers.get(id);
            if (!container || container.containerType !== type.name) {
              batch.errors.push({
                refID,
                reason:
                  id === null
                    ? 'id is required to update'
                    : `no ${type.name} container has id ${id}`,
              });
            } else {
              applyUpdate(container, fields as ContainerUpdateRequest, caller.userId, at);
              batch.success.push({ refID, id: container.id });
            }
          }
        });
        batch.status = 'completed';
        batch.updatedAt = at;
        return { status: 'success', data: batchCallbackData(batch) };
      },
    });
    // Recorded only once accepted: a refused request (a callback URL breaking a rule) leaves no batch.
    tenant.batches.set(batch.id, batch);
  };

  router.post('/:containerType/batch', (ctx) => acceptBatch(ctx, 'create'));
  router.put('/:containerType/batch', (ctx) => acceptBatch(ctx, 'update'));

  router.post('/:containerType', (ctx) => {
    const type = typeOf(ctx, ctx.params.containerType);
    const body = validBody<ContainerCreateRequest>(ctx, 'container-create.json');
    const tenant = tenantOf(ctx);
    const caller = callerOf(ctx);
    const id = `${type.name}:${uuidv4()}`;
    return acceptOperation(ctx, core, id, {
      service: SERVICE,
      eventType: 'container.created',
      objectKey: id,
      typeFields: { containerType: type.name },
      callback: body.callback,
      hooked: {
        body,
        schema: 'container-create.json',
        operation: 'create',
        typeHooks: hooksOf(ctx, type),
      },
      process(now, request) {
        const container = newContainer(type, request, caller.userId, now, id);
        tenant.containers.set(id, container);
        return { status: 'success', data: { ...container } };
      },
    });
  });

  router.get('/:containerType/:id', (ctx) => {
    respondData(ctx, containerOf(ctx, typeOf(ctx, ctx.params.containerType), ctx.params.id));
  });

  router.get('/:containerType/:id/state', (ctx) => {
    const container = containerOf(ctx, typeOf(ctx, ctx.params.containerType), ctx.params.id);
    respondData(ctx, { id: container.id, state: container.state });
  });

  router.put('/:containerType/:id', (ctx) => {
    const type = typeOf(ctx, ctx.params.containerType);
    const id = ctx.params.id;
    requirePresent(ctx, type, id);
    const body = validBody<ContainerUpdateRequest>(ctx, 'container-update.json');
    const tenant = tenantOf(ctx);
    const caller = callerOf(ctx);
    return acceptOperation(ctx, core, id, {
      service: SERVICE,
      eventType: 'container.updated',
      objectKey: id,
      typeFields: { containerType: type.name },
      callback: body.callback,
      hooked: {
        body,
        schema: 'container-update.json',
        operation: 'update',
        typeHooks: hooksOf(ctx, type),
      },
      process(now, request) {
        const container = storedOf(tenant, type, id);
        if (!container) return { status: 'failed', reason: missing(type, id), data: { id } };
        applyUpdate(container, request, caller.userId, now);
        return { status: 'success', data: { ...container } };
      },
    });
  });

  router.put('/:containerType/:id/state/event', (ctx) => {
    const type = typeOf(ctx, ctx.params.containerType);
    const id = ctx.params.id;
    requirePresent(ctx, type, id);
    const body = validBody<StateEventRequest>(ctx, 'state-event.json');
    const tenant = tenantOf(ctx);
    const caller = callerOf(ctx);
    return acceptOperation(ctx, core, id, {
      service: SERVICE,
      eventType: 'container.state-changed',
      objectKey: id,
      typeFields: { containerType: type.name },
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
            machine: type.stateMachine,
          },
          request,
          caller.userId,
          now,
          (container) =>
            request.propagate
              ? { propagatedTo: propagate(tenant, container, request.eventCode, now) }
              : {},
        ),
    });
  });

  return router;
}

/** The stored container of this type (an id can be pending under another type's path). */
function storedOf(tenant: TenantData, type: ContainerType, id: string): Container | undefined {
  const container = tenant.containers.get(id);
  return container?.containerType === type.name ? container : undefined;
}

const missing = (type: ContainerType, id: string) => `no ${type.name} container has id ${id}`;

function newContainer(
  type: ContainerType,
  request: ContainerCreateRequest,
  userId: string,
  now: number,
  id = `${type.name}:${uuidv4()}`,
): Container {
  return {
    id,
    containerType: type.name,
    state: type.stateMachine.initialState,
    trackingDetails: request.trackingDetails ?? [],
    attributes: request.attributes ?? {},
    items: request.items ?? [],
    isHazmat: request.isHazmat ?? false,
    isContainerizable: request.isContainerizable ?? true,
    isReusable: request.isReusable ?? false,
    ...(request.scannableId === undefined ? {} : { scannableId: request.scannableId }),
    parentId: null,
    childContainerIDs: [],
    createdAt: now,
    updatedAt: now,
    createdBy: userId,
    updatedBy: userId,
  };
}

function applyUpdate(
  container: Container,
  request: ContainerUpdateRequest,
  userId: string,
  now: number,
): void {
  if (request.trackingDetails !== undefined) container.trackingDetails = request.trackingDetails;
  if (request.attributes !== undefined)
    container.attributes = { ...container.attributes, ...request.attributes };
  if (request.items !== undefined) container.items = request.items;
  if (request.isHazmat !== undefined) container.isHazmat = request.isHazmat;
  if (request.isContainerizable !== undefined)
    container.isContainerizable = request.isContainerizable;
  if (request.isReusable !== undefined) container.isReusable = request.isReusable;
  if (request.scannableId !== undefined) container.scannableId = request.scannableId;
  container.updatedAt = now;
  container.updatedBy = userId;
}

/** Puts a child in a parent, or says why it cannot. */
function attachChild(tenant: TenantData, childId: string, parentId: string): string | null {
  const child = tenant.containers.get(childId);
  const parent = tenant.containers.get(parentId);
  if (!child) return `container ${childId} does not exist`;
  if (!parent) return `parent container ${parentId} does not exist`;
  if (childId === parentId) return 'a container cannot contain itself';
  if (child.isContainerizable === false) return `container ${childId} is not containerizable`;
  const parentType = tenant.containerTypes.get(parent.containerType);
  if (parentType?.isLeaf)
    return `container type ${parent.containerType} is a leaf and holds no containers`;
  const childType = tenant.containerTypes.get(child.containerType);
  const allowed = childType?.allowedParent ?? [];
  if (allowed.length > 0 && !allowed.includes(parent.containerType)) {
    return `a ${child.containerType} can only go into ${allowed.join(', ')}, not ${parent.containerType}`;
  }
  if (child.parentId !== null)
    return `container ${childId} is already in ${child.parentId}; decontainerize it first`;
  for (
    let cursor: Container | undefined = parent;
    cursor;
    cursor = cursor.parentId ? tenant.containers.get(cursor.parentId) : undefined
  ) {
    if (cursor.id === childId)
      return `container ${parentId} is inside ${childId}; that would make a loop`;
  }
  child.parentId = parentId;
  parent.childContainerIDs = [...parent.childContainerIDs, childId];
  return null;
}

function detachChild(tenant: TenantData, childId: string, parentId: string): string | null {
  const child = tenant.containers.get(childId);
  if (!child) return `container ${childId} does not exist`;
  if (child.parentId !== parentId) {
    return child.parentId === null
      ? `container ${childId} is in no container`
      : `container ${childId} is in ${child.parentId}, not ${parentId}`;
  }
  const parent = tenant.containers.get(parentId);
  if (parent) parent.childContainerIDs = parent.childContainerIDs.filter((id) => id !== childId);
  child.parentId = null;
  return null;
}

/** Applies the event to every descendant that allows it; answers which ones moved. */
function propagate(tenant: TenantData, root: Container, eventCode: string, now: number): string[] {
  const moved: string[] = [];
  const queue = [...root.childContainerIDs];
  while (queue.length > 0 && moved.length < MAX_PROPAGATION) {
    const child = tenant.containers.get(queue.shift() as string);
    if (!child) continue;
    const type = tenant.containerTypes.get(child.containerType);
    const result = type ? transition(type.stateMachine, child.state, eventCode) : null;
    if (result?.ok) {
      child.state = result.to;
      child.updatedAt = now;
      moved.push(child.id);
    }
    queue.push(...child.childContainerIDs);
  }
  return moved;
}
