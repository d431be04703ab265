import { createSecretKey } from 'node:crypto';
import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { APP_CONFIG, AppConfig } from '@eid/core';
import { AuditModule } from '@eid/audit';
import { StudyModule } from '@eid/study';
import { AuthGuard } from './access/auth.guard';
import { ScopeResolverRegistry } from './access/scope-resolver.registry';
import { AccessReviewController } from './admin/access-review/access-review.controller';
import { AccessReviewService } from './admin/access-review/access-review.service';
import { AdminController } from './admin/admin.controller';
import { UsersAdminService } from './admin/users-admin.service';
import { ActorLoader } from './auth/actor-loader.service';
import { AuthController } from './auth/auth.controller';
import { AccountController } from './auth/account.controller';
import { AccountService } from './auth/account.service';
import { AuthThrottle } from './auth/auth-throttle.service';
import { ReAuthenticator } from './auth/re-authentication.service';
import { ThrottleGuard } from './access/throttled';
import { UserCredentialsController } from './admin/user-credentials.controller';
import { UserCredentialsAdminService } from './admin/user-credentials-admin.service';
import { AuthService } from './auth/auth.service';
import { MeService } from './auth/me.service';
import { PasswordHasher } from './auth/password-hasher.service';
import { TokenService } from './auth/token.service';
import { MfaService } from './mfa/mfa.service';
import { OidcController } from './oidc/oidc.controller';
import { OidcService } from './oidc/oidc.service';
import { SsoExchangeService } from './oidc/sso-exchange.service';
import { MyStudiesService } from './studies/my-studies.service';
import { StudiesController } from './studies/studies.controller';

/**
 * Identity and access: authentication (password + TOTP, OIDC), the global AuthGuard, the permission table,
 * administration of studies/sites/users/memberships. Global so that feature modules can inject
 * ScopeResolverRegistry, PasswordHasher (signature re-authentication) and UsersAdminService without imports.
 */
@Global()
@Module({
  imports: [
    AuditModule,
    StudyModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      // A KeyObject, not the string: jsonwebtoken otherwise imports the string as a key on every sign/verify
      // (measurable on the eCRF write path, where every request verifies a token).
      useFactory: (config: AppConfig) => ({
        secret: createSecretKey(Buffer.from(config.jwtAccessSecret, 'utf8')),
        signOptions: { algorithm: 'HS256' },
      }),
    }),
  ],
  controllers: [
    AuthController,
    AccountController,
    OidcController,
    AdminController,
    UserCredentialsController,
    AccessReviewController,
    StudiesController,
  ],
  providers: [
    TokenService,
    ActorLoader,
    PasswordHasher,
    AuthService,
    MeService,
    MfaService,
    OidcService,
    SsoExchangeService,
    UsersAdminService,
    AccessReviewService,
    MyStudiesService,
    ScopeResolverRegistry,
    AccountService,
    AuthThrottle,
    ThrottleGuard,
    ReAuthenticator,
    UserCredentialsAdminService,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [ScopeResolverRegistry, PasswordHasher, UsersAdminService, TokenService, ReAuthenticator, AuthThrottle, ThrottleGuard],
})
export class IdentityModule {}
