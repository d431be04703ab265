import { join } from 'node:path';
import { Inject, Logger, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import express, { NextFunction, Request, Response } from 'express';
import { findWebDist } from './web-dist';

/** Where the built web app is read from: apps/web/dist when it was built (overridden in tests). */
export const WEB_DIST_DIR = Symbol('WEB_DIST_DIR');

/**
 * Serves the single-page web app at `/` from the same origin as the API (no CORS, one process to start).
 * Registered in onModuleInit, i.e. after Nest mounted its routes and before its not-found handler:
 * `/api/...` is never touched (unknown API paths keep their JSON 404), every other GET that is not a file
 * gets index.html so client-side routes survive a reload or a pasted link.
 */
@Module({ providers: [{ provide: WEB_DIST_DIR, useFactory: () => findWebDist() ?? null }] })
export class WebModule implements OnModuleInit {
  private readonly log = new Logger('Web');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(WEB_DIST_DIR) private readonly dist: string | null,
  ) {}

  onModuleInit(): void {
    // CLI commands and the worker build the same modules without an HTTP server.
    if (!this.adapterHost.httpAdapter) return;
    const dist = this.dist;
    if (!dist) {
      this.log.warn('apps/web/dist not found: run `npm run build:web` to serve the web app at /');
      return;
    }
    const app = this.adapterHost.httpAdapter.getInstance<express.Express>();
    const indexHtml = join(dist, 'index.html');
    const isApi = (path: string) => path === '/api' || path.startsWith('/api/');
    const assets = express.static(dist, {
      index: false,
      // Vite puts a content hash in every asset name, so they never change under the same URL.
      setHeaders: (res, path) =>
        res.setHeader('Cache-Control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache'),
    });
    app.use((req: Request, res: Response, next: NextFunction) => (isApi(req.path) ? next() : assets(req, res, next)));
    app.use((req: Request, res: Response, next: NextFunction) => {
      if ((req.method !== 'GET' && req.method !== 'HEAD') || isApi(req.path)) return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(indexHtml);
    });
    this.log.log(`web app served from ${dist}`);
  }
}
