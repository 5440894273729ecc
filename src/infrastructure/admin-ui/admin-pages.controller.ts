import { Controller, Get, Header, Redirect } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { LOGIN_PAGE, LOGOUT_PAGE } from './login-page';
import { QUEUE_DASHBOARD_PATH } from './queue-dashboard';

/** HTML pages of the admin UI (not API, so not in the OpenAPI document). */
@ApiExcludeController()
@SkipThrottle()
@Controller('admin')
export class AdminPagesController {
  @Get()
  @Redirect(QUEUE_DASHBOARD_PATH, 302)
  home(): void {}

  @Get('login')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  login(): string {
    return LOGIN_PAGE;
  }

  @Get('logout')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  logout(): string {
    return LOGOUT_PAGE;
  }
}
