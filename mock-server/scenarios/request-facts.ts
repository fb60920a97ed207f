import type { EventType, Os1Service, ScenarioOperation } from '../generated/contracts.js';

/** What a scenario rule can look at in an accepted (202) request. */
export interface RequestFacts {
  service: Os1Service;
  operation: ScenarioOperation;
  tenantId: string;
  /** Participant type (plural), container type or entity type (plural); null when none applies. */
  type: string | null;
  /** The parsed request body. */
  body: unknown;
  /** Request headers as Node gives them (lower-case names). */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The id the 202 answered with: the `data.id` of an injected failure's callback. */
  id: string;
}

const OPERATIONS: Record<EventType, ScenarioOperation | null> = {
  'participant-type.created': 'create-type',
  'participant-type.attributes-updated': 'attributes',
  'participant.created': 'create',
  'participant.updated': 'update',
  'participant.state-changed': 'state-event',
  'participant.batch-completed': 'batch',
  'container-type.created': 'create-type',
  'container-type.attributes-updated': 'attributes',
  'container-type.state-machine-updated': 'state-machine',
  'container.created': 'create',
  'container.updated': 'update',
  'container.containerized': 'containerize',
  'container.decontainerized': 'decontainerize',
  'container.state-changed': 'state-event',
  'container.ttl-expired': null,
  'container.batch-completed': 'batch',
  'entity.created': 'create',
  'entity.updated': 'update',
};

/** The operation a request is, from the event its callback will carry. */
export function operationOf(eventType: EventType): ScenarioOperation {
  const operation = OPERATIONS[eventType];
  if (operation === null) throw new Error(`${eventType} is not caused by a request`);
  return operation;
}

/** The facts of a request about to be accepted, as acceptOperation knows it. */
export function requestFacts(request: {
  service: Os1Service;
  eventType: EventType;
  typeFields?: { containerType?: string; participantType?: string; entityType?: string };
  tenantId: string;
  body: unknown;
  headers: RequestFacts['headers'];
  id: string;
}): RequestFacts {
  const { typeFields } = request;
  return {
    service: request.service,
    operation: operationOf(request.eventType),
    tenantId: request.tenantId,
    type:
      typeFields?.containerType ?? typeFields?.participantType ?? typeFields?.entityType ?? null,
    body: request.body,
    headers: request.headers,
    id: request.id,
  };
}
