package dev.edge.agent.mqtt;

import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttClientPersistence;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.internal.NetworkModule;

/**
 * Paho's client with the two things {@link PahoTransport} needs to leave no threads behind: each
 * connection's modules behind an {@link EarlyHangupGuard} (Paho issue #850), and the connection
 * state, which Paho's public API does not show but {@code close} depends on (it refuses a client
 * that is still connecting, and only marks one that is still disconnecting).
 */
final class PahoClient extends MqttAsyncClient {
  PahoClient(String serverUri, String clientId, MqttClientPersistence persistence) throws MqttException {
    super(serverUri, clientId, persistence);
  }

  /** Called by Paho for every connect. */
  @Override
  protected NetworkModule[] createNetworkModules(String address, MqttConnectOptions options)
      throws MqttException {
    NetworkModule[] modules = super.createNetworkModules(address, options);
    for (int i = 0; i < modules.length; i++) {
      modules[i] = new EarlyHangupGuard(modules[i]);
    }
    return modules;
  }

  boolean isConnecting() {
    return comms.isConnecting();
  }

  /** Neither connected nor on the way in or out: the only state in which close() frees everything. */
  boolean isSettled() {
    return comms.isDisconnected() || comms.isClosed();
  }
}
