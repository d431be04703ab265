import { CanActivate, ExecutionContext, Inject, Injectable, SetMetadata, UseGuards, applyDecorators } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { Response } from 'express';
import { APP_CONFIG, AppConfig, AppError } from '@eid/core';
import { AuthThrottle, ThrottleBucket, throttleKey } from '../auth/auth-throttle.service';
import type { GuardedRequest } from './auth.guard';

const THROTTLE_KEY = 'eid:throttle';

/**
 * Counts every call of the route per client address and per account (the signed-in user, else the body's
 * `email`, else the presented refresh token) and answers 429 with Retry-After above the limits.
 */
export const Throttled = (bucket: ThrottleBucket) =>
  applyDecorators(
    SetMetadata(THROTTLE_KEY, bucket),
    UseGuards(ThrottleGuard),
    ApiTooManyRequestsResponse({
      description: 'Too many attempts from this address or for this account: retry after `Retry-After` seconds',
    }),
  );

@Injectable()
export class ThrottleGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly throttle: AuthThrottle,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const bucket = this.reflector.get<ThrottleBucket | undefined>(THROTTLE_KEY, context.getHandler());
    if (!bucket) return true;
    const req = context.switchToHttp().getRequest<GuardedRequest>();
    const body = (req.body ?? {}) as Record<string, unknown>;
    const account =
      req.user?.userId ??
      (typeof body.email === 'string' ? body.email : typeof body.refreshToken === 'string' ? body.refreshToken : undefined);
    const keys = [{ key: throttleKey(bucket, 'addr', req.ip ?? 'unknown'), limit: this.config.authThrottlePerAddress }];
    if (account) keys.push({ key: throttleKey(bucket, 'acct', account), limit: this.config.authThrottlePerAccount });
    const verdict = await this.throttle.hit(keys);
    if (verdict.allowed) return true;
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(verdict.retryAfterS));
    throw new AppError(429, 'TOO_MANY_ATTEMPTS', `Too many attempts: try again in ${verdict.retryAfterS} s`);
  }
}
