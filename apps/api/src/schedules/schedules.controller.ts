import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '../auth/actor';
import { RequireRole } from '../auth/roles';
import {
  BackfillScheduleDto,
  CreateScheduleDto,
  ListSchedulesDto,
  NextTimesDto,
  ScheduleNoteDto,
  TriggerScheduleDto,
  UpdateScheduleDto,
} from './schedule.dto';
import { SchedulesService } from './schedules.service';

/** Temporal Schedules that start runs of a flow; reading needs a viewer, everything else an admin. */
@ApiTags('schedules')
@Controller('schedules')
export class SchedulesController {
  constructor(private readonly schedules: SchedulesService) {}

  @Post()
  @RequireRole('admin')
  @ApiOperation({ summary: 'Create a schedule that starts runs of a flow on cron expressions and/or intervals' })
  create(@Body() body: CreateScheduleDto, @CurrentActor() actor: Actor) {
    return this.schedules.create(body, actor);
  }

  @Get()
  @RequireRole('viewer')
  @ApiOperation({ summary: 'The schedules (of one flow with ?flowId=), each with its state and next times' })
  list(@Query() query: ListSchedulesDto) {
    return this.schedules.list(query.flowId);
  }

  @Get(':id')
  @RequireRole('viewer')
  @ApiOperation({
    summary: 'A schedule: spec, policies, paused and note, recent actions with their run ids, next times',
  })
  get(@Param('id') id: string) {
    return this.schedules.get(id);
  }

  @Get(':id/next')
  @RequireRole('viewer')
  @ApiOperation({ summary: 'The next N times the spec matches, computed by Temporal (jitter not applied)' })
  next(@Param('id') id: string, @Query() query: NextTimesDto) {
    return this.schedules.nextTimes(id, query.count ?? 10);
  }

  @Patch(':id')
  @RequireRole('admin')
  @ApiOperation({
    summary: 'Change the version, inputs, spec (replaced whole), overlap, catch-up window or description',
  })
  update(@Param('id') id: string, @Body() body: UpdateScheduleDto, @CurrentActor() actor: Actor) {
    return this.schedules.update(id, body, actor);
  }

  @Delete(':id')
  @RequireRole('admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete the schedule, in Temporal too (its runs go on)' })
  delete(@Param('id') id: string) {
    return this.schedules.delete(id);
  }

  @Post(':id/pause')
  @RequireRole('admin')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Pause: no action is taken until unpaused (trigger and backfill still work)' })
  pause(@Param('id') id: string, @Body() body: ScheduleNoteDto, @CurrentActor() actor: Actor) {
    return this.schedules.pause(id, body.note, actor);
  }

  @Post(':id/unpause')
  @RequireRole('admin')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Unpause' })
  unpause(@Param('id') id: string, @Body() body: ScheduleNoteDto, @CurrentActor() actor: Actor) {
    return this.schedules.unpause(id, body.note, actor);
  }

  @Post(':id/trigger')
  @RequireRole('admin')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Take one action now (overlap policy ALLOW_ALL unless given)' })
  trigger(@Param('id') id: string, @Body() body: TriggerScheduleDto) {
    return this.schedules.trigger(id, body.overlap);
  }

  @Post(':id/backfill')
  @RequireRole('admin')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Take the actions due in a past range, now, as if that time were passing' })
  backfill(@Param('id') id: string, @Body() body: BackfillScheduleDto) {
    return this.schedules.backfill(id, body);
  }
}
