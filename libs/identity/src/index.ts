export * from './entities/study.entity';
export * from './entities/site.entity';
export * from './entities/study-site.entity';
export * from './entities/user.entity';
export * from './entities/membership.entity';
export * from './entities/refresh-token.entity';
export * from './entities/recovery-code.entity';
