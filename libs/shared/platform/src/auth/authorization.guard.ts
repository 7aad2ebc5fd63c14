import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { allowedRoles } from '@tellonce/contracts';
import type { Request } from 'express';
import { ProblemException } from '../http/problem';
import { AuthenticatedRequest, IS_PUBLIC } from './principal';
import { TokenVerifier } from './token-verifier';

/**
 * Deny unless a rule allows: every request needs a valid token (401) and a role that the
 * authorisation matrix lists for this exact route (403). A route missing from the matrix is denied.
 */
@Injectable()
export class AuthorizationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const req = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    try {
      req.principal = await this.verifier.verify(req.headers.authorization);
    } catch {
      throw new ProblemException(HttpStatus.UNAUTHORIZED, 'A valid bearer token is required.');
    }
    const routePath: string = req.route?.path ?? '';
    if (!allowedRoles(req.method, routePath).includes(req.principal.role)) {
      throw new ProblemException(HttpStatus.FORBIDDEN, 'Your role may not use this endpoint.');
    }
    return true;
  }
}
