import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Controller, Get, NotFoundException, Param, Redirect, Res } from '@nestjs/common';

interface FileResponse {
  sendFile(path: string, options: { root: string }): void;
}

/** The web console's bundle, built by esbuild into dist/console (scripts/build-assets.mjs). */
const consoleDirectory = fileURLToPath(new URL('../../console/', import.meta.url));

@Controller()
export class ConsoleController {
  private files: Promise<Set<string>> | undefined;

  @Get()
  @Redirect('/console/', 302)
  root(): void {}

  @Get('console')
  index(@Res() response: FileResponse): void {
    response.sendFile('index.html', { root: consoleDirectory });
  }

  @Get('console/:file')
  async asset(@Param('file') file: string, @Res() response: FileResponse): Promise<void> {
    this.files ??= readdir(consoleDirectory).then((names) => new Set(names));
    if (!(await this.files).has(file)) throw new NotFoundException(`no console file ${file}`);
    response.sendFile(file, { root: consoleDirectory });
  }
}
