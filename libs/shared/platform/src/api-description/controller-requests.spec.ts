import { Body, Controller, Get, Headers, Module, Param, Post, Query } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, ValidateNested } from 'class-validator';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { UuidOrNotFoundPipe } from '../http/uuid-or-not-found.pipe';
import { controllerRoutes, controllersOf, describeControllerRequests } from './controller-requests';

class LineDto {
  @IsString() text: string;
}
class NoteDto {
  @IsIn(['a', 'b']) kind: string;
  @ValidateNested() @Type(() => LineDto) line: LineDto;
}
class ListQuery {
  @IsOptional() @Type(() => Number) @IsInt() limit?: number;
  @IsUUID() familyId: string;
}
class IdParams {
  @IsUUID() id: string;
}

@Controller('v1/notes')
class NotesController {
  @Post()
  create(@CurrentPrincipal() _principal: Principal, @Body() _body: NoteDto, @Headers('idempotency-key') _key?: string) {}

  @Get()
  list(@Query() _query: ListQuery) {}

  @Get(':id')
  get(@Param('id') _id: string) {}

  @Post(':id/notes')
  reply(@Param() _params: IdParams, @Body() _body: NoteDto) {}

  @Post(':id/close')
  close(@Param('id', new UuidOrNotFoundPipe('note')) _id: string) {}
}

@Controller('v1/raw')
class RawController {
  @Post()
  take(@Body() _body: Record<string, unknown>) {}
}

@Module({ controllers: [NotesController] })
class NotesModule {}

describe('describeControllerRequests', () => {
  const described = describeControllerRequests([NotesController]);

  it('gives each route its body, query and (where a DTO checks them) path parameters', () => {
    expect(described.operations).toEqual({
      'GET /v1/notes': {
        query: [
          { name: 'limit', in: 'query', required: false, schema: { type: 'integer' } },
          { name: 'familyId', in: 'query', required: true, schema: { type: 'string', format: 'uuid' } },
        ],
      },
      'POST /v1/notes': { body: { $ref: '#/components/schemas/NoteDto' } },
      'POST /v1/notes/:id/notes': { body: { $ref: '#/components/schemas/NoteDto' }, path: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }] },
      // A path id checked by UuidOrNotFoundPipe is described as a UUID too.
      'POST /v1/notes/:id/close': { path: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }] },
    });
  });

  it('collects the body DTOs and the DTOs nested in them as components', () => {
    expect(Object.keys(described.schemas)).toEqual(['LineDto', 'NoteDto']);
    expect(described.schemas['NoteDto']).toMatchObject({ required: ['kind', 'line'], additionalProperties: false });
  });

  it('lists every route, with or without arguments, as the authorisation matrix spells them', () => {
    expect(controllerRoutes(controllersOf(NotesModule))).toEqual(['POST /v1/notes', 'GET /v1/notes', 'GET /v1/notes/:id', 'POST /v1/notes/:id/notes', 'POST /v1/notes/:id/close']);
    expect(controllersOf({ module: NotesModule, controllers: [RawController] })).toEqual([NotesController, RawController]);
  });

  it('refuses a body with no DTO class: nothing validates it, so nothing can describe it', () => {
    expect(() => describeControllerRequests([RawController])).toThrow('POST /v1/raw: its @Body(), @Query() or @Param() has no DTO class');
  });
});
