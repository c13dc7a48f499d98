import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/roles';
import { NotFoundError } from '../problems/api-errors';
import { consoleDir, consoleFile } from './console-files';

/**
 * The web console: its page at `/` and its bundle under `/console/`. Public, since the page holds no data: every
 * request it makes goes to the API with the user's key. Console pages are routed after `#`, so no console path can
 * shadow an API route.
 */
@ApiTags('console')
@Public()
@Controller()
export class ConsoleController {
  private readonly dir = consoleDir();

  @Get()
  @ApiOperation({ summary: 'The web console (its pages are routed after #: /#/flows, /#/designer, /#/runs)' })
  page(@Res() res: Response): void {
    this.send(res, 'index.html');
  }

  @Get('console/:file')
  @ApiOperation({ summary: "A file of the web console's bundle (script, stylesheet, source map)" })
  asset(@Param('file') file: string, @Res() res: Response): void {
    this.send(res, file);
  }

  private send(res: Response, name: string): void {
    const path = consoleFile(this.dir, name);
    if (!path) {
      if (!consoleFile(this.dir, 'index.html'))
        throw new NotFoundError(
          `the console is not built in ${this.dir}: run "node apps/console/build.mjs" (npm run dev and npm test build it)`,
        );
      throw new NotFoundError(`the console has no file "${name}"`);
    }
    // Revalidated on every load (ETag), so a rebuilt bundle is picked up at once.
    res.sendFile(path, { headers: { 'Cache-Control': 'no-cache' } });
  }
}
