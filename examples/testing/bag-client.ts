// Example client code under test: creates a bag container through OS1 and asks for a callback.

export interface Os1ClientOptions {
  baseUrl: string;
  tenantId: string;
  accessToken: string;
}

export async function createBag(
  options: Os1ClientOptions,
  order: { orderId: string; callbackUrl: string },
): Promise<string> {
  const response = await fetch(`${options.baseUrl}/core/api/v2/containers/bag`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-COREOS-ACCESS': options.accessToken,
      'X-COREOS-ORIGIN-TOKEN': options.accessToken,
      'X-COREOS-TID': options.tenantId,
      'X-COREOS-REQUEST-ID': `order-${order.orderId}`,
    },
    body: JSON.stringify({
      trackingDetails: [{ operator: 'acme', trackingId: order.orderId, isPrimary: true }],
      callback: { url: order.callbackUrl, meta: { orderId: order.orderId } },
    }),
  });
  if (response.status !== 202)
    throw new Error(`OS1 refused the bag: ${response.status} ${await response.text()}`);
  const { data } = (await response.json()) as { data: { id: string } };
  return data.id;
}
