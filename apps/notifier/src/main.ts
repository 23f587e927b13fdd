import 'reflect-metadata';
import { runService } from '@watchfire/common';
import { startNotifier } from './app';

runService('notifier', (config) => startNotifier(config));
