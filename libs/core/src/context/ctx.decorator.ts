import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Request } from 'express';
import { Actor } from './actor';
import { RequestContext } from './request-context';

type ContextualRequest = Request & { id?: string | number; user?: Actor; eidContext?: RequestContext };

export function requestContextOf(req: ContextualRequest): RequestContext {
  req.eidContext ??= new RequestContext(req.user, String(req.id ?? ''), req.ip);
  return req.eidContext;
}

/** `@Ctx() ctx: RequestContext` — the caller, correlation id and client IP of this request. */
export const Ctx = createParamDecorator((_: unknown, host: ExecutionContext) => requestContextOf(host.switchToHttp().getRequest()));
