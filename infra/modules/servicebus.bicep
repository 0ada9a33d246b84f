// Service Bus namespace with the ticket-events topic that other systems subscribe to.
// Duplicate detection lets the app resend an event after a failure (same MessageId) without
// subscribers seeing it twice. Local (SAS) authentication is disabled.

param name string
param location string
param tags object

@description('Topic that ticket lifecycle events are published to.')
param topicName string = 'ticket-events'

@description('How long Service Bus remembers message ids for duplicate detection (ISO 8601).')
param duplicateDetectionWindow string = 'PT10M'

// Topics and duplicate detection both need Standard or Premium.
@allowed([
  'Standard'
  'Premium'
])
param skuName string = 'Standard'

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: skuName
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }

  resource topic 'topics' = {
    name: topicName
    properties: {
      requiresDuplicateDetection: true
      duplicateDetectionHistoryTimeWindow: duplicateDetectionWindow
      defaultMessageTimeToLive: 'P14D'
      enableBatchedOperations: true
      supportOrdering: true
    }
  }
}

output name string = namespace.name
output id string = namespace.id
output topicName string = namespace::topic.name
// serviceBusEndpoint is https://<name>.servicebus.windows.net:443/ (or the sovereign-cloud host).
output fullyQualifiedNamespace string = split(split(namespace.properties.serviceBusEndpoint, '/')[2], ':')[0]
