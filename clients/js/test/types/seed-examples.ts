// Type check only (npm test runs tsc on it): the seed's examples, as written, are accepted by the client's types.
import { ClvApiError, CustomerAnalytics, type CustomerEvent, type Segment } from '../../src/index.js';

declare function generateInsights(events: CustomerEvent[]): Promise<unknown>;
declare function updateDashboards(insights: unknown): Promise<void>;

export async function seed(): Promise<void> {
  const analytics = new CustomerAnalytics({ baseUrl: 'http://localhost:8080/customer-analytics/v1', apiKey: 'clv_x' });

  await analytics.trackEvent({
    customer_id: 'customer_123',
    event_type: 'purchase',
    properties: { order_id: 'order_789', amount: 99.99, items: ['product_1', 'product_2'], payment_method: 'credit_card' },
  });
  const highValueCustomers = await analytics.getSegmentCustomers('high_value_segment');
  const first: string | undefined = highValueCustomers.data[0]?.customer_id;

  const engagementReport = await analytics.getAnalyticsReports({
    report_type: 'engagement',
    start_date: '2024-01-01',
    end_date: '2024-01-31',
  });
  const day: string | undefined = engagementReport.data.periods[0]?.period;

  const atRiskSegment: Segment = await analytics.createSegment({
    name: 'At Risk Customers',
    criteria: { last_active_days: 30, feature_usage_decline: 0.5 },
  });

  const eventStream = analytics.createEventStream();
  eventStream.on('customer_event', (event: CustomerEvent) => console.log('New event:', event.event_type));

  const batchProcessor = analytics.createBatchProcessor({ interval: '1hour', events: ['purchase', 'signup'] });
  batchProcessor.process(async (events) => {
    const insights = await generateInsights(events);
    await updateDashboards(insights);
  });

  const hook = await analytics.createWebhook({
    url: 'https://your-app.com/webhooks/analytics',
    events: ['segment.customer_added', 'segment.customer_removed'],
  });
  const secret: string | undefined = hook.secret;

  try {
    await analytics.getAnalyticsReports({ report_type: 'engagement', timezone: 'Mars/Olympus_Mons' });
  } catch (error) {
    if (error instanceof ClvApiError) {
      const fields: string[] = error.errors.map((e) => e.field);
      console.log(error.status, fields, first, day, atRiskSegment.id, secret);
    }
  }
}
