// The entry for browser code (remotes, shell): values that must exist at run time, and the types of every answer.
// It never imports TypeBox at run time (a test holds this), so it adds only a few hundred bytes to a bundle.
export type {
  AccountStatusAnswer,
  MeAnswer,
  Profile,
  ProfileAnswer,
  SignedInAnswer,
  SignedOutAnswer,
  User,
} from './account.js';
export type { Availability, PageReads, UpstreamAvailability } from './availability.js';
export type { Cart, CartAnswer, CartLine, CheckoutAnswer } from './cart.js';
export type {
  CategoriesAnswer,
  Category,
  Product,
  ProductAnswer,
  ProductPageAnswer,
  ProductsQuery,
} from './catalog.js';
export type { CheckoutModeAnswer, CheckoutModeBody } from './checkout-mode.js';
export type { DataMeta, Degraded, ErrorEnvelope, Meta, Unavailable } from './common.js';
export * from './constants.js';
export * from './early-data.js';
export * from './errors.js';
export * from './events.js';
export type {
  ActiveFault,
  BreakerSettings,
  FaultOptionInfo,
  FaultRequest,
  FaultTarget,
  FaultTargetAnswer,
  FaultTargetsAnswer,
  FaultTypeInfo,
  FaultTypesAnswer,
  NotificationCondition,
  OpsFaults,
  OpsNotification,
  OpsNotifications,
  OpsReplica,
  OpsSnapshot,
  OpsTransition,
  OpsUpstream,
  ReplicaResilience,
  ResilienceAnswer,
  Scenario,
  ScenarioCancelAnswer,
  ScenarioRun,
  ScenarioRunAnswer,
  ScenarioStep,
  ScenariosAnswer,
  Transition,
  UpstreamCounts,
  UpstreamResilience,
  UpstreamWindow,
} from './ops.js';
export type {
  EventService,
  OpsConsumedBy,
  OpsConsumer,
  OpsConsumerService,
  OpsEvent,
  OpsEventSource,
  OpsEventsAnswer,
  OpsFailingEvent,
} from './ops-events.js';
export type { HistorySample, OpsHistoryAnswer, UpstreamSamples } from './ops-history.js';
export type {
  Order,
  OrderAnswer,
  OrderLine,
  OrderRejection,
  OrdersAnswer,
  ShippingAddress,
  ShippingAddressInput,
} from './orders.js';
export type {
  ProcessExit,
  ProcessesAnswer,
  ProcessKillAnswer,
  ProcessState,
  ProcessStatus,
} from './processes.js';
export * from './trace-context.js';
export type { TraceAnswer, TraceSpan, TraceSpanEvent, TraceSummary, TracesAnswer } from './traces.js';
