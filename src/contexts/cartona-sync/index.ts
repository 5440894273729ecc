export { CartonaSyncModule } from './cartona-sync.module';
export { CartonaSyncPort, type CartonaOrderRef } from './cartona-sync.port';
