import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_KEY = 'eid:public';

/** Marks a route that needs no authentication (health, login). Every other route requires a valid token. */
export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);
