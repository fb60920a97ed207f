import Router from '@koa/router';
import { v4 as uuidv4 } from 'uuid';
import type { MockCore } from '../../core.js';
import type { TenantData } from '../../domain/store.js';
import { typeHooksKey } from '../../domain/store.js';
import { os1Error } from '../../errors.js';
import type {
  Entity,
  EntityCreateRequest,
  EntityUpdateRequest,
} from '../../generated/contracts.js';
import type { AppContext, AppState } from '../context.js';
import { respondData } from '../envelope.js';
import { ENTITY_SEGMENT } from './admin-params.js';
import type { ListedObject } from './shared.js';
import {
  acceptOperation,
  callerOf,
  existsOrPending,
  listParams,
  pageOf,
  validBody,
} from './shared.js';

const SERVICE = 'Entity' as const;

/** What entity lists hold: sortKey and select name their fields. */
const ENTITIES: ListedObject = { schema: 'entity.json', noun: 'entity' };

/** OS1's Entity service: /core/api/v2/entity/apps/{appId}/{entityTypePlural}. Types need no set-up. */
export function entityRoutes(core: MockCore): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/core/api/v2/entity/apps/:appId/:plural' });

  /**
   * The collection for this app and entity type, as it is now (empty when nothing was created in
   * it yet). Reads never store a collection: only processing a create does (`entityCollection`).
   */
  const collectionOf = (
    ctx: AppContext,
  ): { key: string; entities: ReadonlyMap<string, Entity>; tenant: TenantData } => {
    const { appId, plural } = ctx.params;
    for (const [name, value] of [
      ['appId', appId],
      ['entity type', plural],
    ] as const) {
      if (!value || !ENTITY_SEGMENT.test(value)) {
        throw os1Error(
          'INVALID_QUERY',
          `The ${name} in the path must be 1 to 128 letters, digits or . _ - characters, and not only dots.`,
          {
            parameter: name,
          },
        );
      }
    }
    const tenant = core.store.tenant(callerOf(ctx).tenantId);
    const key = `${appId}/${plural}`;
    return { key, entities: tenant.entities.get(key) ?? new Map(), tenant };
  };

  const entityOf = (ctx: AppContext, entities: ReadonlyMap<string, Entity>, id: string): Entity => {
    const entity = entities.get(id);
    if (!entity) {
      throw os1Error(
        'ENTITY_NOT_FOUND',
        `No ${ctx.params.plural} entity of app ${ctx.params.appId} has id ${id}.`,
        { id },
      );
    }
    return entity;
  };

  router.post('/', (ctx) => {
    const { key, tenant } = collectionOf(ctx);
    const body = validBody<EntityCreateRequest>(ctx, 'entity-create.json');
    const caller = callerOf(ctx);
    const { appId, plural } = ctx.params as { appId: string; plural: string };
    const id = `${plural}:${uuidv4()}`;
    return acceptOperation(ctx, core, id, {
      service: SERVICE,
      eventType: 'entity.created',
      objectKey: id,
      typeFields: { entityType: plural },
      callback: body.callback,
      hooked: {
        body,
        schema: 'entity-create.json',
        operation: 'create',
        typeHooks: hooksOf(tenant, key),
      },
      process(now, request) {
        // Checked when processed: a create accepted but not processed yet holds no code.
        const holder = tenant.entityCodes.holder(key, request.uniqueCode);
        if (holder !== undefined) {
          return {
            status: 'failed',
            reason: `an entity with uniqueCode "${request.uniqueCode}" already exists (${holder})`,
            data: { id },
          };
        }
        const entity: Entity = {
          id,
          appId,
          entityType: plural,
          uniqueCode: request.uniqueCode,
          ...(request.name === undefined ? {} : { name: request.name }),
          owner: request.owner,
          ...(request.category === undefined ? {} : { category: request.category }),
          ...(request.subCategory === undefined ? {} : { subCategory: request.subCategory }),
          properties: { ...request.properties },
          ...(request.templateId === undefined ? {} : { templateId: request.templateId }),
          ...(request.state === undefined ? {} : { state: request.state }),
          createdAt: now,
          updatedAt: now,
          createdBy: caller.userId,
          updatedBy: caller.userId,
        };
        tenant.entityCollection(key).set(id, entity);
        tenant.entityCodes.claim(key, request.uniqueCode, id);
        return { status: 'success', data: { ...entity } };
      },
    });
  });

  router.get('/', (ctx) => {
    const { entities } = collectionOf(ctx);
    const { items, total } = pageOf(entities.values(), listParams(ctx, ENTITIES));
    respondData(ctx, { entities: items, meta: { totalElements: total } });
  });

  router.get('/:id', (ctx) => {
    const { entities } = collectionOf(ctx);
    respondData(ctx, entityOf(ctx, entities, ctx.params.id));
  });

  router.put('/:id', (ctx) => {
    const { key, entities, tenant } = collectionOf(ctx);
    const id = ctx.params.id;
    if (!existsOrPending(ctx, core, entities.has(id), id)) entityOf(ctx, entities, id);
    const body = validBody<EntityUpdateRequest>(ctx, 'entity-update.json');
    const caller = callerOf(ctx);
    return acceptOperation(ctx, core, id, {
      service: SERVICE,
      eventType: 'entity.updated',
      objectKey: id,
      typeFields: { entityType: ctx.params.plural ?? '' },
      callback: body.callback,
      hooked: {
        body,
        schema: 'entity-update.json',
        operation: 'update',
        typeHooks: hooksOf(tenant, key),
      },
      process(now, request) {
        const entity = tenant.entities.get(key)?.get(id);
        if (!entity)
          return { status: 'failed', reason: `entity ${id} does not exist`, data: { id } };
        entity.properties = { ...entity.properties, ...request.properties };
        if (request.name !== undefined) entity.name = request.name;
        if (request.owner !== undefined) entity.owner = request.owner;
        if (request.category !== undefined) entity.category = request.category;
        if (request.subCategory !== undefined) entity.subCategory = request.subCategory;
        if (request.state !== undefined) entity.state = request.state;
        entity.updatedAt = now;
        entity.updatedBy = caller.userId;
        return { status: 'success', data: { ...entity } };
      },
    });
  });

  return router;
}

/** The hooks pre-configured for the entity type `key` (`${appId}/${plural}`), by the admin API. */
const hooksOf = (tenant: TenantData, key: string) =>
  tenant.typeHooks.get(typeHooksKey('entity-type', key));
