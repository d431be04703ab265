/**
 * @eid/study — studies, sites and which sites take part in which study, with their administration (create, bind
 * to a protocol version, activate; sites and their principal investigators). Builds on @eid/core (access
 * metadata: `@Access`), @eid/audit and @eid/domain (protocol files); @eid/identity builds on it.
 */
export * from './entities/study.entity';
export * from './entities/site.entity';
export * from './entities/study-site.entity';
export * from './admin/studies-admin.service';
export * from './admin/dto/study-admin.dto';
export * from './admin/dto/study-admin-responses.dto';
export * from './study.module';
