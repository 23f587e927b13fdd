import 'reflect-metadata';
import { runService } from '@watchfire/common';
import { startNotifier } from './app';
import { notifierOptionsFromEnv } from './notifier-options';

runService('notifier', (config) => startNotifier(config, { notifier: notifierOptionsFromEnv(process.env) }));
