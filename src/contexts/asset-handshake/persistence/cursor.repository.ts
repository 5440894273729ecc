import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { PollCursor } from './cursor.entity';

export interface CursorValue { writeDate: string; lastId: number }

/** Persisted poll positions: a restart continues where the last poll stopped. */
@Injectable()
export class CursorRepository {
  constructor(@InjectRepository(PollCursor) private readonly repo: Repository<PollCursor>) {}

  async get(name: string): Promise<CursorValue | null> {
    const row = await this.repo.findOneBy({ name });
    return row ? { writeDate: row.writeDate, lastId: row.lastId } : null;
  }

  async set(name: string, value: CursorValue): Promise<void> {
    await this.repo.upsert({ name, writeDate: value.writeDate, lastId: value.lastId, updatedAt: new Date() }, ['name']);
  }
}
