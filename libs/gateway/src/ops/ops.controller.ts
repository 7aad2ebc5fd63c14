import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { badRequest, conflict, notFound, PageQueryDto } from '@tellonce/platform';
import { decodeDeadLetterCursor } from './dead-letter-cursor';
import { DeadLetterPage, DeadLetterStore } from './dead-letter-store';
import { OpsStatusService } from './ops-status.service';

export const DEAD_LETTER_STORE = Symbol('DEAD_LETTER_STORE');

@Controller('v1/ops')
export class OpsController {
  constructor(
    private readonly ops: OpsStatusService,
    @Inject(DEAD_LETTER_STORE) private readonly deadLetters: DeadLetterStore,
  ) {}

  @Get('status')
  status() {
    return this.ops.status();
  }

  @Get('dead-letters')
  listDeadLetters(@Query() query: PageQueryDto): Promise<DeadLetterPage> {
    const after = decodeDeadLetterCursor(query.cursor);
    if (after === 'invalid') throw badRequest('The cursor is not valid.', [{ field: 'cursor', message: 'is not a cursor this API gave out' }]);
    return this.deadLetters.page(query.limit ?? 50, after);
  }

  @Get('dead-letters/:id')
  async showDeadLetter(@Param('id') id: string) {
    const found = await this.deadLetters.show(id);
    if (!found) throw notFound('dead letter');
    return found;
  }

  @Post('dead-letters/:id/replay')
  @HttpCode(202)
  async replayDeadLetter(@Param('id') id: string) {
    const result = await this.deadLetters.replay(id);
    if (result.outcome === 'not-found') throw notFound('dead letter');
    if (result.outcome === 'already-replayed') throw conflict('This dead letter was already replayed.', 'already-replayed');
    if (result.outcome === 'not-replayable') throw conflict('This dead letter cannot be replayed: it does not name its original topic and offset.', 'not-replayable');
    return { id: result.id, replayed: true, topic: result.topic, partition: result.partition, offset: result.offset };
  }
}
