import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'anna.jansen@umc.nl' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  @MaxLength(256)
  password: string;

  @ApiPropertyOptional({ description: 'Current 6-digit TOTP code, when a second factor is enrolled', example: '492039' })
  @IsOptional()
  @Matches(/^\d{6}$/, { context: { code: 'TOTP_FORMAT' } })
  totp?: string;

  @ApiPropertyOptional({ description: 'A one-time recovery code instead of a TOTP code', example: 'k7m2-q9xd-4fpa' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  recoveryCode?: string;
}

export class RefreshDto {
  @ApiProperty({ description: 'The refresh token from login or the previous refresh' })
  @IsString()
  @MaxLength(200)
  refreshToken: string;
}

export class TokenPairDto {
  @ApiProperty({ description: 'JWT, send as `Authorization: Bearer …`' })
  accessToken: string;
  @ApiProperty({ description: 'Opaque; single use: every refresh returns a new one' })
  refreshToken: string;
  @ApiProperty({ example: 'Bearer' })
  tokenType: 'Bearer';
  @ApiProperty({ example: 900, description: 'Access-token lifetime in seconds' })
  expiresInSeconds: number;
}

export class MfaCodeDto {
  @ApiProperty({ example: '492039' })
  @Matches(/^\d{6}$/, { context: { code: 'TOTP_FORMAT' } })
  code: string;
}
