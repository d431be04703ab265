import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';
import { SIGNATURE_SCOPES, SignatureScope } from '../e-signature.entity';

export class SignDto {
  @ApiProperty({ enum: SIGNATURE_SCOPES, example: 'visit', description: 'One planned visit (and the records dated in its window) or the whole casebook' })
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
}
