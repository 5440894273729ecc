import { Injectable } from '@nestjs/common';
import { CartonaSyncPort, type CartonaOrderRef } from '../cartona-sync.port';
import { OrderLinkRepository } from '../persistence/order-link.repository';
import { CartonaSweepService } from './cartona-sweep.service';

@Injectable()
export class CartonaSyncPortService extends CartonaSyncPort {
  constructor(private readonly links: OrderLinkRepository, private readonly sweep: CartonaSweepService) {
    super();
  }

  async orderForOdooOrder(odooOrderId: number): Promise<CartonaOrderRef | null> {
    const [link] = await this.links.byOdooOrderIds([odooOrderId]);
    return link ? { hashedId: link.hashedId, cartonaStatus: link.cartonaStatus, odooOrderId: link.odooOrderId, state: link.state } : null;
  }

  odooRecordsChanged(model: string, ids: number[], eventId: string): Promise<void> {
    return this.sweep.notifyOdooChanges(model, ids, eventId);
  }
}
