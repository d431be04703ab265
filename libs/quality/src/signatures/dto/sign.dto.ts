import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateIf } from 'class-validator';
import { SIGNATURE_SCOPES, SignatureScope } from '../e-signature.entity';

export class SignDto {
  @ApiProperty({
    enum: SIGNATURE_SCOPES,
    example: 'visit',
    description: 'One planned visit (and the records dated in its window) or the whole casebook',
  })
  @IsIn(SIGNATURE_SCOPES)
  scope: SignatureScope;

  @ApiPropertyOptional({ format: 'uuid', description: 'The planned visit to sign (scope visit)' })
  @ValidateIf((o: SignDto) => o.scope === 'visit' || o.plannedVisitId !== undefined)
  @IsUUID(undefined, { context: { code: 'VISIT_REQUIRED' } })
  plannedVisitId?: string;

  /** Part 11 §11.200(a)(1): both components (the session identifies the user; the password is re-entered). */
  @ApiProperty({ description: 'The signer re-enters their password', example: 'correct horse battery staple', format: 'password' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  password: string;

  /** Part 11 §11.200: with a second factor enrolled, signing needs its current code too (issue 16 item 5). */
  @ApiPropertyOptional({
    description: 'Current 6-digit TOTP code — required when the signer has a second factor enrolled (401 MFA_REQUIRED otherwise)',
    example: '492039',
  })
  @IsOptional()
  @Matches(/^\d{6}$/, { context: { code: 'TOTP_FORMAT' } })
  totp?: string;

  @ApiPropertyOptional({ description: 'A one-time recovery code instead of the TOTP code' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  recoveryCode?: string;
}
