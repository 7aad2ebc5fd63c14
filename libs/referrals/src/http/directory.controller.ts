import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { DirectoryUseCases } from '../use-cases/directory.use-cases';
import { CreateAgencyDto, CreateServiceDto, ServicesQueryDto, UpdateAgencyDto, UpdateServiceDto } from './dto';

@Controller('v1/directory')
export class DirectoryController {
  constructor(private readonly directory: DirectoryUseCases) {}

  @Get('needs')
  needs() {
    return this.directory.needs();
  }

  @Get('services')
  services(@Query() query: ServicesQueryDto) {
    return this.directory.services(query);
  }

  @Get('agencies')
  agencies() {
    return this.directory.agencies();
  }

  @Get('hubs')
  hubs() {
    return this.directory.hubs();
  }

  @Post('agencies')
  @HttpCode(201)
  createAgency(@Body() body: CreateAgencyDto) {
    return this.directory.createAgency(body);
  }

  @Patch('agencies/:id')
  updateAgency(@Param('id') id: string, @Body() body: UpdateAgencyDto) {
    return this.directory.updateAgency(id, body);
  }

  @Post('services')
  @HttpCode(201)
  createService(@Body() body: CreateServiceDto) {
    return this.directory.createService(body);
  }

  @Patch('services/:id')
  updateService(@Param('id') id: string, @Body() body: UpdateServiceDto) {
    return this.directory.updateService(id, body);
  }
}
