import { ApiProperty } from '@nestjs/swagger';

/** A sign-in option besides the password form (GET /api/v1/auth/providers). */
export class SsoProviderDto {
  @ApiProperty({ example: 'oidc' })
  id: string;

  @ApiProperty({ example: 'your hospital account', description: 'Shown as "Sign in with <label>" (OIDC_LABEL)' })
  label: string;

  @ApiProperty({ example: '/api/v1/auth/oidc/login', description: 'Where the browser goes to start the sign-in' })
  loginUrl: string;
}
