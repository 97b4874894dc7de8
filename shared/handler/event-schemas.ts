/** The JSON Schemas of the trigger events a Function Compute 3.0 handler receives (decoded in events.ts). */
import { Type, type Static } from '@sinclair/typebox';

export const TimerEvent = Type.Object({
  triggerTime: Type.String({ minLength: 1, maxLength: 64 }),
  triggerName: Type.String({ minLength: 1, maxLength: 128 }),
  payload: Type.Optional(Type.String({ maxLength: 65536 })),
});

export const HttpEvent = Type.Object({
  version: Type.Literal('v1'),
  rawPath: Type.String(),
  headers: Type.Optional(Type.Record(Type.String(), Type.String())),
  queryParameters: Type.Optional(Type.Record(Type.String(), Type.String())),
  body: Type.Optional(Type.String()),
  isBase64Encoded: Type.Optional(Type.Boolean()),
  requestContext: Type.Object({
    requestId: Type.String({ minLength: 1, maxLength: 128 }),
    http: Type.Object({ method: Type.String() }),
  }),
});
export type TimerEvent = Static<typeof TimerEvent>;
export type HttpEvent = Static<typeof HttpEvent>;
