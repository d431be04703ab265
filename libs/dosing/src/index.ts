export * from './dosing.module';
export * from './dosing-decision.entity';
export * from './dosing-history.service';
export * from './dosing-proposal.service';
export * from './dosing-decision.service';
export * from './inputs-summary';
export * from './dto/record-decision.dto';
export * from './dto/dosing-query.dto';
