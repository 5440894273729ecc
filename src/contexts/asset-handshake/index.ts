/** AssetHandshake's public surface: its module and its port. Everything else stays inside. */
export { AssetHandshakeModule } from './asset-handshake.module';
export { AssetHandshakePort, type SwapAccessView, type HandshakeFlowSummary } from './asset-handshake.port';
