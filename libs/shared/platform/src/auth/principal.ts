import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Actor, Role } from '@tellonce/contracts';

/** The verified caller. Built only from a token's signed claims. */
export interface Principal {
  sub: string;
  role: Role;
  agencyId?: string;
  hubId?: string;
}

export interface AuthenticatedRequest {
  principal?: Principal;
}

export const IS_PUBLIC = 'tellonce:public';
/** Health and metrics only. Everything else needs a token and a matrix entry. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a public route');
  return principal;
});

export function actorOf(principal: Principal): Actor {
  const actor: Actor = { sub: principal.sub, role: principal.role };
  if (principal.agencyId) actor.agencyId = principal.agencyId;
  if (principal.hubId) actor.hubId = principal.hubId;
  return actor;
}

export const isAgencyRole = (p: Principal) => p.role === 'practitioner' || p.role === 'agency-system';
