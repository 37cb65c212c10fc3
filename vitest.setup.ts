import { setOutboundPolicy } from './packages/outbound/src/guarded-fetch';

// Connector and pipeline tests talk to fixture servers on 127.0.0.1, which production refuses
// (ALLOW_PRIVATE_SOURCE_URLS=false). Tests of the refusal set their own policy.
setOutboundPolicy({ allowPrivate: true });
