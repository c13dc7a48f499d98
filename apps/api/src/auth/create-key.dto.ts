import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Matches, MaxLength } from 'class-validator';
import { ROLES, type Role } from './roles';

export class CreateKeyDto {
  @ApiProperty({
    description: 'Unique among active keys; the audit trail records the key as `key:<name>`.',
    example: 'ci-deployer',
  })
  @IsString()
  @MaxLength(100)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._@-]*$/, {
    message: 'name must start with a letter or digit and hold only letters, digits, ".", "_", "@" and "-"',
  })
  name!: string;

  @ApiProperty({ enum: ROLES, description: 'viewer reads; operator also starts and operates runs; admin does all.' })
  @IsIn(ROLES)
  role!: Role;
}
