import 'reflect-metadata';
import { runService } from '@watchfire/common';
import { startRules } from './app';
import { placesFromEnv } from './extraction.service';

runService('rules', (config, places) => startRules(config, { places }), placesFromEnv);
