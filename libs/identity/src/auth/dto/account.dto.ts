import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** The second factor, when one is enrolled: the current TOTP code or a one-time recovery code. */
class SecondFactorDto {
  @ApiPropertyOptional({
    description: 'Current 6-digit TOTP code (required when a second factor is enrolled, unless recoveryCode)',
    example: '492039',
  })
  @IsOptional()
  @Matches(/^\d{6}$/, { context: { code: 'TOTP_FORMAT' } })
  totp?: string;

  @ApiPropertyOptional({ description: 'A one-time recovery code instead of the TOTP code', example: 'k7m2-q9xd-4fpa' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  recoveryCode?: string;
}

/** Re-authentication to enrol, replace or remove a second factor (issue 16 item 5). */
export class ReAuthDto extends SecondFactorDto {
  @ApiProperty({ description: 'The current password', format: 'password' })
  @IsString()
  @MaxLength(256)
  password: string;
}

/** Enrolment start: re-authentication is required with a normal access token, not with the enrolment token from login. */
export class EnrolStartDto extends SecondFactorDto {
  @ApiPropertyOptional({
    description: 'The current password (required unless called with the enrolment token issued at login)',
    format: 'password',
  })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  password?: string;
}

export class ChangePasswordDto extends SecondFactorDto {
  @ApiProperty({ description: 'The current password (after an administrator reset: the temporary one)', format: 'password' })
  @IsString()
  @MaxLength(256)
  currentPassword: string;

  @ApiProperty({
    description: 'At least 12 characters, not on the common/breached list, not containing the e-mail (400 naming newPassword otherwise)',
    format: 'password',
  })
  @IsString()
  @MaxLength(256)
  newPassword: string;
}

export class UnlockResultDto {
  @ApiProperty({ nullable: true, type: String, example: null })
  lockedUntil: null;
  @ApiProperty({ example: 0 })
  failedLoginCount: 0;
}

export class PasswordResetResultDto {
  @ApiProperty({ description: 'Shown this once: hand it to the user over a separate channel; they must change it at the next login' })
  temporaryPassword: string;
  @ApiProperty({ example: true })
  mustChangePassword: true;
}

export class MfaResetResultDto {
  @ApiProperty({
    example: false,
    description: 'The user has no second factor now; a study requiring one makes them enrol at the next login',
  })
  mfaEnabled: false;
}

export class EnrolmentStartDto {
  @ApiProperty({ description: 'Base32 TOTP secret' })
  secret: string;
  @ApiProperty({ description: 'otpauth:// URI' })
  otpauthUrl: string;
  @ApiProperty({ description: 'QR code of the URI as a data: URL' })
  qrCodeDataUrl: string;
}

export class RecoveryCodesDto {
  @ApiProperty({ type: [String], description: 'One-time recovery codes, shown this once' })
  recoveryCodes: string[];
}
