import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse, ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags,
} from '@nestjs/swagger';
import { AdminAuth, CurrentPrincipal, type Principal } from '../../../infrastructure/auth';
import { ErrorResponseDto } from '../../../infrastructure/http';
import { FlowsAdminService } from '../application/flows-admin.service';
import {
  AcceptedDto, CompensateFlowDto, FlowDetailDto, FlowDto, FlowListQueryDto, FlowPageDto, PageQueryDto, toFlowDto, toFlowEventDto,
} from './dto/flow.dto';
import { PlanDto, toPlanDto } from './dto/plan.dto';

const who = (p: Principal) => (p.kind === 'account' ? `account:${p.email}` : `api-key:${p.name}`);

@ApiTags('asset-handshake')
@AdminAuth()
@Controller('api/admin/asset-handshake')
export class FlowsController {
  constructor(private readonly admin: FlowsAdminService) {}

  @Get('flows')
  @ApiOperation({ summary: 'List handshake flows (newest change first), filtered by kind, state, stuck, order or plan' })
  @ApiOkResponse({ type: FlowPageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async list(@Query() q: FlowListQueryDto): Promise<FlowPageDto> {
    const [rows, total] = await this.admin.list({
      kind: q.kind, state: q.state, stuck: q.stuck, contractRef: q.contractRef, planId: q.planId,
      subjectId: q.orderId === undefined ? undefined : String(q.orderId), limit: q.limit, offset: q.offset,
    });
    return { items: rows.map(toFlowDto), total, limit: q.limit, offset: q.offset };
  }

  @Get('flows/stuck')
  @ApiOperation({ summary: 'Flows the sweep flagged as stuck (open too long, or a compensation that could not complete)' })
  @ApiOkResponse({ type: FlowPageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async stuck(@Query() q: PageQueryDto): Promise<FlowPageDto> {
    const [rows, total] = await this.admin.stuck(q.limit, q.offset);
    return { items: rows.map(toFlowDto), total, limit: q.limit, offset: q.offset };
  }

  @Get('flows/:id')
  @ApiOperation({ summary: "A flow with its timeline: every transition, message, reply, retry and operator action" })
  @ApiOkResponse({ type: FlowDetailDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async get(@Param('id', new ParseUUIDPipe()) id: string): Promise<FlowDetailDto> {
    const { flow, timeline } = await this.admin.get(id);
    return { ...toFlowDto(flow), timeline: timeline.map(toFlowEventDto) };
  }

  @Post('flows/:id/retry')
  @HttpCode(202)
  @ApiOperation({ summary: 'Retry a flow: a failed one starts a new generation; a waiting, retrying or stuck one runs now' })
  @ApiAcceptedResponse({ type: FlowDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The flow is confirmed or compensated: nothing to retry' })
  async retry(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() p: Principal): Promise<FlowDto> {
    return toFlowDto(await this.admin.retry(id, who(p)));
  }

  @Post('flows/:id/compensate')
  @HttpCode(202)
  @ApiOperation({ summary: 'Compensate a flow: undo it in ABS (e.g. cancel the service plan and release the allocation)' })
  @ApiAcceptedResponse({ type: FlowDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Already compensated' })
  async compensate(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: CompensateFlowDto, @CurrentPrincipal() p: Principal): Promise<FlowDto> {
    return toFlowDto(await this.admin.compensate(id, who(p), body.reason));
  }

  @Post('orders/:orderId/sync')
  @HttpCode(202)
  @ApiOperation({ summary: 'Re-read an Odoo sale order now and bring its flows up to date (the manual sync)' })
  @ApiAcceptedResponse({ type: AcceptedDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async syncOrder(@Param('orderId', new ParseIntPipe()) orderId: number): Promise<AcceptedDto> {
    await this.admin.syncOrder(orderId);
    return { accepted: true };
  }

  @Get('plans/:planId')
  @ApiOperation({ summary: "The hub's mirror of an ABS service plan: identifiers, cycle states, swap access, usage" })
  @ApiOkResponse({ type: PlanDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async plan(@Param('planId') planId: string): Promise<PlanDto> {
    return toPlanDto(await this.admin.plan(planId));
  }
}
