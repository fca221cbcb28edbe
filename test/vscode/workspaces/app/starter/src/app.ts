// Fixture: src/app.ts of github.com/fauna-labs/express-ts-fly-io-starter at commit
// 0e9505d4b0ef9bd4767c78ba00baadcddd27d521 (MIT-0, see its LICENSE), unchanged below this
// comment. The host tests run its fql template (test/vscode/suite/fql-templates.test.ts).
/* eslint-disable -- a third-party file kept as it is */
// @ts-nocheck -- its dependencies (express, dotenv) are not installed here
// Copyright Fauna, Inc.
// SPDX-License-Identifier: MIT-0

import express, { Application, NextFunction, Request, Response } from 'express';
import { Client, fql } from 'fauna';
import 'dotenv/config';

const port = process.env.PORT || 3000;

const secret = process.env.FAUNA_SECRET_KEY || "";
const client = new Client({
  secret
});  

const app: Application = express();

app.get('/', (req:Request, res: Response) => {
  res.send('Hello express-ts-fly-io-starter');
})

app.get('/read', async (req: Request, res: Response, next: NextFunction) => {
    try {
      const r: any = await client.query(fql`
        order.all() {
          orderName: .name,
          customer: .customer.firstName + " " + .customer.lastName,
          orderProducts {
            product: .product.name,
            price,
            quantity
          }
        }
      `);

      res.json({
        flyStats: {
          usingFlyRegion: process.env.FLY_REGION ? process.env.FLY_REGION : "unknown"
        },
        faunaStats: {
          ...r.stats
        },
        data: {
          orders: r.data['data']
        }        
      })
    } catch (err) {
      return next(err);
    }
})

app.listen(port, function () {
    console.log(`App is listening on port ${port} !`);
})