import 'reflect-metadata';
import { runService } from '@watchfire/common';
import { startRules } from './app';

runService('rules', (config) => startRules(config));
